using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.SimulatedLlm;

/// <summary>
/// A provider's quota, enforced per model (each model has its own buckets, as OpenAI limits per model): a token
/// bucket of requests and one of tokens, refilled continuously at the per-minute rate. A request that does not fit
/// gets 429 with <c>Retry-After</c> (and <c>retry-after-ms</c>) saying when it would. Null limits are unlimited.
/// </summary>
public sealed class RateLimitOptions
{
    [Range(1, 10_000_000)]
    public int? RequestsPerMinute { get; set; }

    /// <summary>Counted as OpenAI does: prompt tokens + <c>max_tokens</c> (or the completion's tokens when none is given).</summary>
    [Range(1, 1_000_000_000)]
    public int? TokensPerMinute { get; set; }

    /// <summary>Bucket size in seconds of quota: 60 lets a full minute's quota go at once, 1 spreads it (OpenAI may enforce per second).</summary>
    [Range(0.001, 60)]
    public double BurstSeconds { get; set; } = 60;

    public bool IsLimited => RequestsPerMinute is not null || TokensPerMinute is not null;
}
