using System.Diagnostics.Metrics;

namespace GpoPipeline.Llm;

/// <summary>Counters of the <c>GpoPipeline.Llm</c> meter: paid calls, tokens, cost, cache hits, retries.</summary>
public sealed class LlmMetrics
{
    private readonly Counter<long> calls;
    private readonly Counter<long> tokens;
    private readonly Counter<double> cost;
    private readonly Counter<long> cacheHits;
    private readonly Counter<long> retries;
    private readonly Counter<long> attempts;

    public LlmMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(LlmTelemetry.SourceName);
        calls = meter.CreateCounter<long>("gpo.llm.calls", "{call}", "Paid model calls (cache hits excluded).");
        tokens = meter.CreateCounter<long>("gpo.llm.tokens", "{token}", "Tokens billed, by direction (input/output).");
        cost = meter.CreateCounter<double>("gpo.llm.cost", "{currency}", "Cost from the configured price table.");
        cacheHits = meter.CreateCounter<long>("gpo.llm.cache_hits", "{call}", "Calls answered from the response cache.");
        attempts = meter.CreateCounter<long>("gpo.llm.attempts", "{request}", "HTTP requests sent for paid calls, retries included.");
        retries = meter.CreateCounter<long>("gpo.llm.retries", "{attempt}", "Attempts retried after 429/5xx/timeouts.");
    }

    internal void RecordPaid(ModelRole role, string model, string purpose, CallUsage usage)
    {
        var tags = Tags(role, model, purpose);
        calls.Add(1, tags);
        attempts.Add(usage.Attempts, tags);
        tokens.Add(usage.InputTokens, [.. tags, new("gen_ai.token.type", "input")]);
        tokens.Add(usage.OutputTokens, [.. tags, new("gen_ai.token.type", "output")]);
        cost.Add(usage.Cost, tags);
    }

    internal void RecordCacheHits(ModelRole role, string model, string purpose, int count) =>
        cacheHits.Add(count, Tags(role, model, purpose));

    internal void RecordRetry(ModelRole role, string model) =>
        retries.Add(1, new KeyValuePair<string, object?>(LlmTelemetry.RoleTag, role.ToString()), new("gen_ai.request.model", model));

    private static KeyValuePair<string, object?>[] Tags(ModelRole role, string model, string purpose) =>
    [
        new(LlmTelemetry.RoleTag, role.ToString()),
        new("gen_ai.request.model", model),
        new(LlmTelemetry.PurposeTag, purpose),
    ];
}
