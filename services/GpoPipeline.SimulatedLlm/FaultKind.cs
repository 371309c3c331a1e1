namespace GpoPipeline.SimulatedLlm;

/// <summary>The injected failure a request received, if any.</summary>
public enum FaultKind
{
    None,
    TooManyRequests429,
    InternalServerError500,
    ServiceUnavailable503,
    ConnectionReset,
    Timeout,
    MalformedJson,

    /// <summary>Not drawn at random: the request exceeded the model's quota (<see cref="SimulatorOptions.RateLimit"/>).</summary>
    RateLimited,
}
