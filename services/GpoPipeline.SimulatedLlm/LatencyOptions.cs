using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.SimulatedLlm;

/// <summary>Simulated delay of one model's responses (drawn per request from the seeded RNG).</summary>
public sealed class LatencyOptions
{
    public LatencyKind Kind { get; set; } = LatencyKind.None;

    /// <summary>Fixed delay, uniform minimum, or log-normal median.</summary>
    [Range(0, 600_000)]
    public double Milliseconds { get; set; }

    /// <summary>Uniform maximum; cap of the log-normal tail.</summary>
    [Range(0, 600_000)]
    public double MaxMilliseconds { get; set; } = 10_000;

    /// <summary>Log-normal spread (standard deviation of the log).</summary>
    [Range(0, 5)]
    public double Sigma { get; set; } = 0.5;
}
