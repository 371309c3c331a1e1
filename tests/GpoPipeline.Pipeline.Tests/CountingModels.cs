using GpoPipeline.Embeddings;
using GpoPipeline.Llm;
using Microsoft.Extensions.AI;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>An embedding endpoint that counts its calls and answers every text with the same 3-dimensional vector.</summary>
internal sealed class CountingEmbedder : IPromptEmbedder
{
    private int calls;

    public int Calls => calls;

    public bool IsAvailable => true;

    public Task<EmbeddingReply> EmbedAsync(IReadOnlyList<string> texts, ModelCall context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        return Task.FromResult(new EmbeddingReply([.. texts.Select(_ => new[] { 1f, 0f, 0f })], new CallUsage(5, 0, 0, false, false)));
    }
}

/// <summary>A task model that counts its calls and answers "(B)".</summary>
internal sealed class CountingTaskModel : ITaskModel
{
    private int calls;

    public int Calls => calls;

    public Task<ModelReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, ModelCall context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        return Task.FromResult(new ModelReply("(B)", new CallUsage(10, 5, 0, Estimated: false, CacheHit: false)));
    }
}

/// <summary>A local encoder that must not be asked (the specs that use it configure an embedding endpoint).</summary>
internal sealed class UnusedEncoder : ISentenceEncoder
{
    public string Name => "unused";

    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts) => throw new InvalidOperationException("the local encoder was asked");
}
