namespace GpoPipeline.Llm;

/// <summary>
/// Embeddings for relevance retrieval (spec §2.2). Optional: when Llm:Embedding:Model is not configured,
/// <see cref="IsAvailable"/> is false and callers use the deterministic lexical similarity instead.
/// </summary>
public interface IPromptEmbedder
{
    bool IsAvailable { get; }

    /// <summary>
    /// One vector per text, in order; each text is cached on its own, so repeats cost nothing. The reply's usage is the
    /// paid call's, attempts included, like a chat reply's (<see cref="ModelReply"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No embedding model is configured (check <see cref="IsAvailable"/> first).</exception>
    Task<EmbeddingReply> EmbedAsync(IReadOnlyList<string> texts, ModelCall context, CancellationToken cancellationToken);
}
