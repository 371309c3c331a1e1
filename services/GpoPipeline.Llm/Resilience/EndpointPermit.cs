namespace GpoPipeline.Llm;

/// <summary>One attempt's turn on an endpoint: its rate ticket and its in-flight slot; reports the outcome to both, once.</summary>
internal sealed class EndpointPermit(AdaptiveRateLimiter rate, RateTicket ticket, ConcurrencyPermit slot) : IDisposable
{
    private int released;

    public void Succeeded()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            slot.Succeeded();
            rate.Complete(ticket, AttemptOutcome.Succeeded, quotaRefused: false, null);
        }
    }

    /// <param name="status">429: over the quota (the rate slows down); 503: over capacity (only the window shrinks,
    /// unless the server also said when to come back).</param>
    public void Overloaded(int? status, TimeSpan? retryAfter)
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            slot.Overloaded();
            // A 503 without Retry-After is a capacity glitch, not a rate: slowing the rate on each one made P7's 5 %
            // random 503s pull a process down to a few requests per second (the window already answers them).
            rate.Complete(ticket, AttemptOutcome.Overloaded, quotaRefused: status == 429 || retryAfter is not null, retryAfter);
        }
    }

    /// <summary>Frees the slot without a verdict when nothing else was reported.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            slot.Dispose();
            rate.Complete(ticket, AttemptOutcome.Neutral, quotaRefused: false, null);
        }
    }
}
