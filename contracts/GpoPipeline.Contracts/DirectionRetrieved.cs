namespace GpoPipeline.Contracts;

/// <summary>Event: the update direction of a step, in the order it is shown in the meta-prompt, with the generation inputs passed on.</summary>
public sealed record DirectionRetrieved
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public int? EditBudget { get; init; }
    public required IReadOnlyList<DirectionEntry> Direction { get; init; }

    public GenerationRequest? Generation { get; init; }

    /// <summary>Embeddings computed for this step (prompts that had none stored), for the scheduler to keep.</summary>
    public IReadOnlyList<PromptEmbedding> Embeddings { get; init; } = [];

    public ModelUsage EmbeddingUsage { get; init; } = ModelUsage.None;

    /// <summary>
    /// Which similarity ranked the trajectory (issue 15 point 8): "embedding endpoint &lt;model&gt;",
    /// "all-MiniLM-L6-v2 (local)" or "lexical TF-IDF (no embedding model)"; null when the strategy uses none.
    /// </summary>
    public string? Similarity { get; init; }

    /// <summary>The step's work token, as <see cref="StepStarted"/> carried it.</summary>
    public Guid WorkToken { get; init; }
}
