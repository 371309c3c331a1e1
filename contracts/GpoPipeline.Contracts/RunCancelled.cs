namespace GpoPipeline.Contracts;

/// <summary>
/// Event: a cancel took effect (the scheduler stopped the run; it stays resumable). Announced so that whoever follows the
/// run by its events (the API's event streams, `gpo optimize --distributed`) sees it end, as with RunCompleted or
/// RunFailed. A cancel delivered again announces again: followers take the first.
/// </summary>
public sealed record RunCancelled
{
    public required Guid RunId { get; init; }

    /// <summary>The cancel's reason as the run keeps it (its FailureReason), meant for a person.</summary>
    public required string Reason { get; init; }

    /// <summary>The step the run was at when it stopped.</summary>
    public int? Step { get; init; }
}
