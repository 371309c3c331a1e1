namespace GpoPipeline.Llm;

/// <summary>
/// <c>Llm:Embedding</c>: optional. With no <see cref="ModelEndpointOptions.Model"/> the embedder reports
/// <see cref="IPromptEmbedder.IsAvailable"/> = false and retrieval falls back to lexical similarity.
/// </summary>
public sealed class EmbeddingModelOptions : ModelEndpointOptions
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model);
}
