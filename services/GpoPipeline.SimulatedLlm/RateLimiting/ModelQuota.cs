using System.Globalization;

namespace GpoPipeline.SimulatedLlm.RateLimiting;

/// <summary>
/// The simulator's rate limit (<see cref="SimulatorOptions.RateLimit"/>): per model, a request bucket and a token
/// bucket; a request is admitted only when both hold enough, and then both are charged.
/// </summary>
public sealed class ModelQuota(SimulatorOptions options, TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (QuotaBucket Requests, QuotaBucket Tokens)> buckets = [];

    /// <returns>Zero when admitted (and charged); otherwise how long until this request would fit.</returns>
    public TimeSpan TryAdmit(string model, int tokens)
    {
        var limits = options.RateLimit;
        if (!limits.IsLimited)
        {
            return TimeSpan.Zero;
        }

        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (!buckets.TryGetValue(model, out var pair))
            {
                pair = (new QuotaBucket(now), new QuotaBucket(now));
                buckets[model] = pair;
            }

            var wait = TimeSpan.Zero;
            if (limits.RequestsPerMinute is { } requests)
            {
                wait = Max(wait, pair.Requests.WaitFor(1, requests, Size(requests, limits.BurstSeconds), now));
            }

            if (limits.TokensPerMinute is { } tokensPerMinute)
            {
                wait = Max(wait, pair.Tokens.WaitFor(tokens, tokensPerMinute, Size(tokensPerMinute, limits.BurstSeconds), now));
            }

            if (wait > TimeSpan.Zero)
            {
                return wait;
            }

            pair.Requests.Take(1);
            pair.Tokens.Take(tokens);
            return TimeSpan.Zero;
        }
    }

    /// <summary>
    /// The headers OpenAI sends with every response of a rate-limited model: per limit, the per-minute limit, what
    /// is left in the bucket now, and when it is full again (e.g. <c>x-ratelimit-remaining-requests: 12</c>,
    /// <c>x-ratelimit-reset-requests: 180ms</c>). None when the simulator has no quota.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers(string model)
    {
        var limits = options.RateLimit;
        var headers = new List<KeyValuePair<string, string>>();
        lock (gate)
        {
            if (!limits.IsLimited || !buckets.TryGetValue(model, out var pair))
            {
                return headers;
            }

            var now = clock.GetUtcNow();
            if (limits.RequestsPerMinute is { } requests)
            {
                Describe(headers, "requests", pair.Requests, requests, Size(requests, limits.BurstSeconds), now);
            }

            if (limits.TokensPerMinute is { } tokens)
            {
                Describe(headers, "tokens", pair.Tokens, tokens, Size(tokens, limits.BurstSeconds), now);
            }
        }

        return headers;
    }

    /// <summary>OpenAI writes durations the Go way: <c>20ms</c>, <c>1.5s</c>, <c>6m0s</c>.</summary>
    internal static string Duration(TimeSpan span)
    {
        var ms = (long)Math.Ceiling(span.TotalMilliseconds);
        return ms < 1_000 ? string.Create(CultureInfo.InvariantCulture, $"{ms}ms")
            : ms < 60_000 ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0.###}s")
            : string.Create(CultureInfo.InvariantCulture, $"{ms / 60_000}m{ms % 60_000 / 1000.0:0.###}s");
    }

    private static void Describe(List<KeyValuePair<string, string>> headers, string unit, QuotaBucket bucket, int perMinute, double size, DateTimeOffset now)
    {
        headers.Add(new($"x-ratelimit-limit-{unit}", perMinute.ToString(CultureInfo.InvariantCulture)));
        headers.Add(new($"x-ratelimit-remaining-{unit}", bucket.Remaining(perMinute, size, now).ToString(CultureInfo.InvariantCulture)));
        headers.Add(new($"x-ratelimit-reset-{unit}", Duration(bucket.UntilFull(perMinute, size, now))));
    }

    /// <summary>At least one request's worth, so a low limit with a short burst still admits anything.</summary>
    private static double Size(int perMinute, double burstSeconds) => Math.Max(1, perMinute * burstSeconds / 60);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
