using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.SimulatedLlm;

/// <summary>
/// Injected failures, each a probability per request. At most one fault hits a request; the draw comes from
/// the seeded RNG and the request's sequence number, so a sequential run is reproducible.
/// </summary>
public sealed class FaultOptions
{
    [Range(0, 1)]
    public double Rate429 { get; set; }

    /// <summary>Sent as <c>Retry-After</c> (whole seconds) when at least 1 s, otherwise also as <c>retry-after-ms</c>.</summary>
    [Range(0, 3600)]
    public double RetryAfterSeconds { get; set; } = 1;

    [Range(0, 1)]
    public double Rate500 { get; set; }

    [Range(0, 1)]
    public double Rate503 { get; set; }

    /// <summary>The connection is aborted without a response.</summary>
    [Range(0, 1)]
    public double RateReset { get; set; }

    /// <summary>The response is delayed by <see cref="TimeoutMilliseconds"/>, then given normally.</summary>
    [Range(0, 1)]
    public double RateTimeout { get; set; }

    [Range(0, 600_000)]
    public double TimeoutMilliseconds { get; set; } = 30_000;

    /// <summary>A 200 response whose JSON body is cut off.</summary>
    [Range(0, 1)]
    public double RateMalformedJson { get; set; }
}
