namespace GpoPipeline.Llm;

/// <summary>One in-flight slot of an <see cref="AdaptiveConcurrencyLimiter"/>; reports its attempt's outcome once.</summary>
internal sealed class ConcurrencyPermit(AdaptiveConcurrencyLimiter limiter, long epoch) : IDisposable
{
    private int released;

    public void Succeeded() => Release(AttemptOutcome.Succeeded, null);

    public void Overloaded(TimeSpan? retryAfter) => Release(AttemptOutcome.Overloaded, retryAfter);

    /// <summary>Frees the slot without a verdict when nothing else was reported.</summary>
    public void Dispose() => Release(AttemptOutcome.Neutral, null);

    private void Release(AttemptOutcome outcome, TimeSpan? retryAfter)
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            limiter.Complete(epoch, outcome, retryAfter);
        }
    }
}
