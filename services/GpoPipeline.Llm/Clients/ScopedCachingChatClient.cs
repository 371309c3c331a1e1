using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace GpoPipeline.Llm;

/// <summary>
/// The library's distributed cache, with two additions. Sampled calls (temperature &gt; 0) are keyed per
/// (run, step, candidate): a redelivered message replays the same candidate for free while a new step samples
/// fresh. Hits are counted on the call scope and tagged <c>gpo.cache_hit</c> on the GenAI span (OpenTelemetry
/// sits outside this cache so hits get spans too).
/// </summary>
internal sealed class ScopedCachingChatClient(IChatClient inner, IDistributedCache cache) : DistributedCachingChatClient(inner, cache)
{
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var scope = CallScope.Require();
        LlmTelemetry.TagCall(scope);
        LlmTelemetry.CurrentCallSpan?.SetTag(LlmTelemetry.CacheHitTag, false);
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        if (options?.Temperature is not > 0 || CallScope.Current is not { } scope)
        {
            return base.GetCacheKey(messages, options, additionalValues);
        }

        object?[] values = [.. additionalValues, "sample", scope.Call.RunId, scope.Call.Step, scope.Call.CandidateIndex ?? -1];
        return base.GetCacheKey(messages, options, values);
    }

    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        var cached = await base.ReadCacheAsync(key, cancellationToken);
        if (cached is not null)
        {
            CallScope.Current?.CountCacheHit();
            LlmTelemetry.CurrentCallSpan?.SetTag(LlmTelemetry.CacheHitTag, true);
            // A hit bills nothing: without this its span would repeat the original call's token counts.
            cached.Usage = null;
        }

        return cached;
    }
}
