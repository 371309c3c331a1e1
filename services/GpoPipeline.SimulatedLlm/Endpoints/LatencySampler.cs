using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>Draws a request's simulated delay from its own seeded stream (seed, sequence number).</summary>
public static class LatencySampler
{
    private const ulong Salt = 0x4C4154454E4359; // "LATENCY"

    public static TimeSpan Sample(LatencyOptions latency, long seed, long sequence)
    {
        var random = new SeededRandom(StableHash.Combine((ulong)seed, (ulong)sequence, Salt));
        var milliseconds = latency.Kind switch
        {
            LatencyKind.Fixed => latency.Milliseconds,
            LatencyKind.Uniform => latency.Milliseconds + (random.NextDouble() * Math.Max(0, latency.MaxMilliseconds - latency.Milliseconds)),
            LatencyKind.LogNormal => Math.Min(latency.MaxMilliseconds, latency.Milliseconds * Math.Exp(latency.Sigma * random.NextGaussian())),
            _ => 0,
        };
        return TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
    }
}
