using GpoPipeline.Llm;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>An embedding endpoint that answers each prompt with its vector from a table and records every call's texts.</summary>
internal sealed class TableEmbedder(IReadOnlyDictionary<string, float[]> vectors) : IPromptEmbedder
{
    private readonly List<IReadOnlyList<string>> calls = [];

    public IReadOnlyList<IReadOnlyList<string>> Calls => calls;

    public bool IsAvailable => true;

    public Task<EmbeddingReply> EmbedAsync(IReadOnlyList<string> texts, ModelCall context, CancellationToken cancellationToken)
    {
        calls.Add([.. texts]);
        return Task.FromResult(new EmbeddingReply([.. texts.Select(t => vectors[t])], new CallUsage(5, 0, 0, false, false)));
    }
}
