using System.Threading.RateLimiting;

namespace GpoPipeline.Llm;

/// <summary>
/// One role's limits: the request rate (adaptive, see <see cref="AdaptiveRateLimiter"/>), in-flight requests (an
/// adaptive window, at most MaxConcurrency), and the configured requests/min and tokens/min (token buckets). Per role because providers limit per model; held per attempt, so a request waiting out a
/// backoff holds no slot.
/// </summary>
internal sealed class EndpointLimiter : IAsyncDisposable
{
    private readonly AdaptiveRateLimiter rate;
    private readonly AdaptiveConcurrencyLimiter concurrency;
    private readonly TokenBucketRateLimiter? requests;
    private readonly TokenBucketRateLimiter? tokens;
    private readonly int tokenBurst;

    public EndpointLimiter(ModelEndpointOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        rate = new AdaptiveRateLimiter(clock, maxPause: options.RetryMaxDelay);
        concurrency = new AdaptiveConcurrencyLimiter(options.MaxConcurrency);
        requests = PerMinute(options.RequestsPerMinute, out _);
        tokens = PerMinute(options.TokensPerMinute, out tokenBurst);
    }

    public bool LimitsTokens => tokens is not null;

    /// <summary>The adaptive in-flight window (for telemetry and specs).</summary>
    public AdaptiveConcurrencyLimiter Concurrency => concurrency;

    /// <summary>The adaptive request rate (for telemetry and specs).</summary>
    public AdaptiveRateLimiter Rate => rate;

    /// <summary>Waits for a request slot, a request permit, <paramref name="estimatedTokens"/> token permits and the rate's turn.</summary>
    public async ValueTask<EndpointPermit> AcquireAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        // Bucket permits are spent, not held: disposing their leases returns nothing.
        if (requests is not null)
        {
            Ensure(await requests.AcquireAsync(1, cancellationToken)).Dispose();
        }

        if (tokens is not null)
        {
            // A single call larger than the burst still goes through, after waiting for a full bucket.
            Ensure(await tokens.AcquireAsync(Math.Clamp(estimatedTokens, 1, tokenBurst), cancellationToken)).Dispose();
        }

        // The slot before the turn: a request that has its turn starts at once, so the rate's spacing reaches the wire.
        var slot = await concurrency.AcquireAsync(cancellationToken);
        try
        {
            return new EndpointPermit(rate, await rate.AcquireAsync(cancellationToken), slot);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        rate.Dispose();
        concurrency.Dispose();
        if (requests is not null)
        {
            await requests.DisposeAsync();
        }

        if (tokens is not null)
        {
            await tokens.DisposeAsync();
        }
    }

    private static RateLimitLease Ensure(RateLimitLease lease) =>
        lease.IsAcquired ? lease : throw new InvalidOperationException("A rate limiter queue overflowed; too many calls are waiting.");

    /// <summary>
    /// Refills at most every 100 ms in whole tokens (period = 1 min / refills) and holds 10 s worth as burst,
    /// so a low limit (e.g. 3/min) is honoured exactly and a high one does not wake a timer every millisecond.
    /// </summary>
    private static TokenBucketRateLimiter? PerMinute(int? perMinute, out int burst)
    {
        burst = 0;
        if (perMinute is not { } limit)
        {
            return null;
        }

        var refills = Math.Min(limit, 600);
        var perRefill = (int)Math.Ceiling(limit / (double)refills);
        burst = Math.Max(perRefill, limit / 6);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perRefill,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / refills,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
