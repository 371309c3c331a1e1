using GpoPipeline.SimulatedLlm.Endpoints;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class Latency_Specs
{
    private static double[] Draw(LatencyOptions latency) =>
        [.. Enumerable.Range(0, 2000).Select(i => LatencySampler.Sample(latency, seed: 1, sequence: i).TotalMilliseconds)];

    [Fact]
    public void When_latency_is_uniform_Should_spread_delays_between_the_bounds()
    {
        var delays = Draw(new LatencyOptions { Kind = LatencyKind.Uniform, Milliseconds = 100, MaxMilliseconds = 300 });

        Assert.All(delays, d => Assert.InRange(d, 100, 300));
        Assert.InRange(delays.Average(), 190, 210);
    }

    [Fact]
    public void When_latency_is_log_normal_Should_center_on_the_median_and_respect_the_cap()
    {
        var delays = Draw(new LatencyOptions { Kind = LatencyKind.LogNormal, Milliseconds = 200, Sigma = 0.5, MaxMilliseconds = 1000 }).Order().ToArray();

        Assert.InRange(delays[delays.Length / 2], 185, 215);
        Assert.True(delays[^1] <= 1000);
        Assert.True(delays[^1] > 400, "a log-normal tail should reach well above the median");
    }
}
