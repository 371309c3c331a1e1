namespace GpoPipeline.Contracts;

/// <summary>Command: stop a run after the work in flight; the run stays resumable.</summary>
public sealed record CancelRun
{
    public required Guid RunId { get; init; }
    public string Reason { get; init; } = "cancelled by user";
}
