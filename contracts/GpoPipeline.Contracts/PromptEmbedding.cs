namespace GpoPipeline.Contracts;

/// <summary>An embedding a worker computed, returned so the scheduler stores it and never pays for it again.</summary>
public sealed record PromptEmbedding
{
    public required string Prompt { get; init; }
    public required float[] Vector { get; init; }
}
