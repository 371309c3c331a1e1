namespace GpoPipeline.Contracts;

/// <summary>Event: the optimizer produced the de-duplicated candidates of a step.</summary>
public sealed record CandidatesGenerated
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public required IReadOnlyList<CandidatePrompt> Candidates { get; init; }

    /// <summary>Why other completions were dropped (missing tags, duplicates, over budget).</summary>
    public IReadOnlyList<string> Rejections { get; init; } = [];

    /// <summary>Embeddings retrieval computed for this step, passed on for the scheduler to store.</summary>
    public IReadOnlyList<PromptEmbedding> Embeddings { get; init; } = [];

    public ModelUsage OptimizerUsage { get; init; } = ModelUsage.None;

    public ModelUsage EmbeddingUsage { get; init; } = ModelUsage.None;

    /// <summary>The similarity retrieval used for this step, passed on for the scheduler to record.</summary>
    public string? Similarity { get; init; }

    /// <summary>
    /// The step's work token, as <see cref="DirectionRetrieved"/> carried it: the scheduler takes and charges only a
    /// generation carrying the token it sent the step's request with (a reply without one was not asked for).
    /// </summary>
    public Guid WorkToken { get; init; }
}
