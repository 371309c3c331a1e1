namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// A message that does not fit (wrong step, out-of-range index, forged score, over a size limit). It changes
/// nothing; it is not retried but moved to the endpoint's <c>_error</c> queue with this message as the reason,
/// and a fault about it never fails a run (a forged message must not be able to stop someone else's run).
/// </summary>
public sealed class RejectedMessageException : Exception
{
    public RejectedMessageException()
    {
    }

    public RejectedMessageException(string message)
        : base(message)
    {
    }

    public RejectedMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
