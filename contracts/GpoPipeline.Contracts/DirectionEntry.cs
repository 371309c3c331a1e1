namespace GpoPipeline.Contracts;

/// <summary>One trajectory entry shown to the optimizer as part of the update direction (spec §2).</summary>
public sealed record DirectionEntry
{
    public required string Prompt { get; init; }
    public required double DevScore { get; init; }
    public required int Step { get; init; }
}
