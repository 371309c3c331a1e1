namespace GpoPipeline.Contracts;

/// <summary>Event: a run cannot go on; <see cref="Reason"/> is meant for a person.</summary>
public sealed record RunFailed
{
    public required Guid RunId { get; init; }
    public required string Reason { get; init; }
    public int? Step { get; init; }
}
