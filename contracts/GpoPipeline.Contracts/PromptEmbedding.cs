namespace GpoPipeline.Contracts;

/// <summary>An embedding a worker computed, returned so the scheduler stores it and never pays for it again.</summary>
public sealed record PromptEmbedding
{
    public required string Prompt { get; init; }
    public required float[] Vector { get; init; }

    /// <summary>
    /// The embedding model that computed <see cref="Vector"/> (its configured name): vectors of two models are two
    /// vector spaces, never compared. Null from workers that predate it.
    /// </summary>
    public string? Model { get; init; }
}
