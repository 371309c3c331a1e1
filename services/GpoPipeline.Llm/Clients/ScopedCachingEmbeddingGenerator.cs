using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace GpoPipeline.Llm;

/// <summary>
/// The library's per-text embedding cache, counting hits on the call scope and the span. A cached vector of another
/// length than the call expects (<see cref="ModelCall.ExpectedDimensions"/>) is a miss: the key holds the model's name,
/// not its output dimension, so a cache kept across a change of dimension would answer old and new vectors side by side.
/// </summary>
internal sealed class ScopedCachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, IDistributedCache cache)
    : DistributedCachingEmbeddingGenerator<string, Embedding<float>>(inner, cache)
{
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        LlmTelemetry.TagCall(CallScope.Require());
        return base.GenerateAsync(values, options, cancellationToken);
    }

    protected override async Task<Embedding<float>?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        var cached = await base.ReadCacheAsync(key, cancellationToken);
        if (cached is not null && CallScope.Current?.Call.ExpectedDimensions is { } expected && cached.Vector.Length != expected)
        {
            return null;
        }

        if (cached is not null)
        {
            CallScope.Current?.CountCacheHit();
            LlmTelemetry.CurrentCallSpan?.SetTag(LlmTelemetry.CacheHitTag, true);
        }

        return cached;
    }
}
