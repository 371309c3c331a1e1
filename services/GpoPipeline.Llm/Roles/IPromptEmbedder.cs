namespace GpoPipeline.Llm;

/// <summary>
/// Embeddings for relevance retrieval (spec §2.2). Optional: when Llm:Embedding:Model is not configured,
/// <see cref="IsAvailable"/> is false and callers use the deterministic lexical similarity instead.
/// </summary>
public interface IPromptEmbedder
{
    bool IsAvailable { get; }

    /// <summary>One vector per text, in order; each text is cached on its own, so repeats cost nothing.</summary>
    /// <exception cref="InvalidOperationException">No embedding model is configured (check <see cref="IsAvailable"/> first).</exception>
    Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, ModelCall context, CancellationToken cancellationToken);
}
