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

    /// <summary>At least one request's worth, so a low limit with a short burst still admits anything.</summary>
    private static double Size(int perMinute, double burstSeconds) => Math.Max(1, perMinute * burstSeconds / 60);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
