using GpoPipeline.SimulatedLlm.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>
/// The simulator's quota arithmetic on a stepped clock: in any span of T seconds a bucket of size b refilled at r per
/// second admits at most r·T + b requests, and under steady over-demand it admits the rate, not less.
/// </summary>
public sealed class QuotaBucket_Specs
{
    [Theory]
    [InlineData(3_600, 1.0)]
    [InlineData(3_600, 0.25)]
    [InlineData(600, 60.0)]
    [InlineData(7, 60.0)]
    public void When_requests_arrive_faster_than_the_quota_Should_never_admit_more_than_the_rate_times_the_span_plus_the_bucket(int perMinute, double burstSeconds)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var quota = new ModelQuota(new SimulatorOptions { RateLimit = new RateLimitOptions { RequestsPerMinute = perMinute, BurstSeconds = burstSeconds } }, clock);
        var random = new Random(5);
        var admitted = new List<DateTimeOffset>();
        var start = clock.GetUtcNow();
        // Uneven over-demand: gaps of 0 to 1 interval of the quota, about twice the rate on average, in bursts.
        var meanGap = 60.0 / perMinute;
        while (clock.GetUtcNow() - start < TimeSpan.FromSeconds(Math.Max(120, burstSeconds * 4)))
        {
            if (quota.TryAdmit("sim-task", 1) == TimeSpan.Zero)
            {
                admitted.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromSeconds(random.NextDouble() * meanGap));
        }

        var rate = perMinute / 60.0;
        var size = Math.Max(1, perMinute * burstSeconds / 60);
        var worst = double.MinValue;
        for (var i = 0; i < admitted.Count; i++)
        {
            for (var j = i; j < admitted.Count; j++)
            {
                // Requests admitted in [t_i, t_j] against what the bucket may give in that span.
                var excess = (j - i + 1) - ((rate * (admitted[j] - admitted[i]).TotalSeconds) + size);
                worst = Math.Max(worst, excess);
            }
        }

        Assert.True(worst <= 1e-6, $"{worst:0.###} requests more than rate·T + bucket were admitted");
        var seconds = (admitted[^1] - admitted[0]).TotalSeconds;
        // And never less than the rate: a request waits at most one interval, so no refill is lost.
        Assert.InRange(admitted.Count, (rate * seconds) - 1, (rate * seconds) + size + 1e-6);
    }

    [Fact]
    public void When_a_request_is_refused_Should_say_exactly_when_it_would_fit()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var quota = new ModelQuota(new SimulatorOptions { RateLimit = new RateLimitOptions { RequestsPerMinute = 60, BurstSeconds = 2 } }, clock);
        Assert.Equal(TimeSpan.Zero, quota.TryAdmit("m", 1));
        Assert.Equal(TimeSpan.Zero, quota.TryAdmit("m", 1));

        var wait = quota.TryAdmit("m", 1);

        Assert.InRange(wait.TotalMilliseconds, 999.9, 1000.1);
        clock.Advance(wait - TimeSpan.FromMilliseconds(1));
        Assert.NotEqual(TimeSpan.Zero, quota.TryAdmit("m", 1));
        clock.Advance(TimeSpan.FromMilliseconds(2));
        Assert.Equal(TimeSpan.Zero, quota.TryAdmit("m", 1));
    }
}
