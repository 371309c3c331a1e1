namespace GpoPipeline.Llm;

/// <summary>A model call failed for good: a non-retryable answer (401/400/404) or retries exhausted. The message says what to fix.</summary>
public sealed class ModelCallException : Exception
{
    public ModelCallException()
    {
    }

    public ModelCallException(string message)
        : base(message)
    {
    }

    public ModelCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelRole Role { get; init; }

    /// <summary>HTTP status of the last attempt; null for network failures and timeouts.</summary>
    public int? StatusCode { get; init; }

    /// <summary>True when the failure was transient but retries ran out (worth retrying later, e.g. by message redelivery).</summary>
    public bool IsTransient { get; init; }

    /// <summary>
    /// What the calls behind this failure paid, each a call that reached the endpoint: the failed call's attempts and the
    /// tokens they were billed, and for a group of calls (the optimizer's candidates) those that were answered, which a
    /// retry gets from the response cache for free. Already in the usage ledger; a worker reports it with the reply of
    /// the delivery that succeeds (<see cref="DeliveryTally"/>).
    /// </summary>
    public IReadOnlyList<CallUsage> PaidCalls { get; internal set; } = [];
}
