namespace GpoPipeline.Llm;

/// <summary>One in-flight slot of an <see cref="AdaptiveConcurrencyLimiter"/>; reports its attempt's outcome once.</summary>
internal sealed class ConcurrencyPermit(AdaptiveConcurrencyLimiter limiter, long epoch) : IDisposable
{
    private int released;

    public void Succeeded() => Release(AttemptOutcome.Succeeded);

    public void Overloaded() => Release(AttemptOutcome.Overloaded);

    /// <summary>Frees the slot without a verdict when nothing else was reported.</summary>
    public void Dispose() => Release(AttemptOutcome.Neutral);

    private void Release(AttemptOutcome outcome)
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            limiter.Complete(epoch, outcome);
        }
    }
}
