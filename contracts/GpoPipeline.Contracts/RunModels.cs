namespace GpoPipeline.Contracts;

/// <summary>
/// The full model configuration a run was started with, stored with the run so that `gpo resume` calls exactly
/// the same endpoints and models (issue 18). Null on runs recorded before it existed.
/// </summary>
public sealed record RunModels
{
    public required RunModel Task { get; init; }

    public required RunModel Optimizer { get; init; }

    /// <summary>Null when relevance retrieval uses the lexical fallback (no embedding model).</summary>
    public RunModel? Embedding { get; init; }
}
