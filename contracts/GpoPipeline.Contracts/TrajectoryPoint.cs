namespace GpoPipeline.Contracts;

/// <summary>One trajectory entry as the scheduler stored it, with its prompt embedding once one was computed.</summary>
public sealed record TrajectoryPoint
{
    public required string Prompt { get; init; }
    public required double DevScore { get; init; }
    public required int Step { get; init; }

    /// <summary>The stored embedding of <see cref="Prompt"/>; null when none was computed yet.</summary>
    public float[]? Embedding { get; init; }
}
