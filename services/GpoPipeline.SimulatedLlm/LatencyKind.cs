namespace GpoPipeline.SimulatedLlm;

/// <summary>Shape of the simulated response delay.</summary>
public enum LatencyKind
{
    /// <summary>Answer at once.</summary>
    None,

    /// <summary>Always <see cref="LatencyOptions.Milliseconds"/>.</summary>
    Fixed,

    /// <summary>Uniform between <see cref="LatencyOptions.Milliseconds"/> and <see cref="LatencyOptions.MaxMilliseconds"/>.</summary>
    Uniform,

    /// <summary>Log-normal with median <see cref="LatencyOptions.Milliseconds"/> and <see cref="LatencyOptions.Sigma"/>, capped at <see cref="LatencyOptions.MaxMilliseconds"/>.</summary>
    LogNormal,
}
