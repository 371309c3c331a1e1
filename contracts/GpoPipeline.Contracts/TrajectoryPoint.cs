namespace GpoPipeline.Contracts;

/// <summary>One trajectory entry as the scheduler stored it, with its prompt embedding once one was computed.</summary>
public sealed record TrajectoryPoint
{
    public required string Prompt { get; init; }
    public required double DevScore { get; init; }
    public required int Step { get; init; }

    /// <summary>The stored embedding of <see cref="Prompt"/>; null when none was computed yet.</summary>
    public float[]? Embedding { get; init; }

    /// <summary>
    /// The model that computed <see cref="Embedding"/>: retrieval uses the vector only when it is of the model it uses
    /// now. Null when stored before the model was recorded (then taken as another model's: embedded again).
    /// </summary>
    public string? EmbeddingModel { get; init; }
}
