using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>Picks at most one fault per request from (seed, sequence number), so a sequential run is reproducible.</summary>
public static class FaultPlanner
{
    private const ulong Salt = 0x4641554C54; // "FAULT"

    public static FaultKind Draw(FaultOptions faults, long seed, long sequence)
    {
        var draw = StableHash.Unit(StableHash.Combine((ulong)seed, (ulong)sequence, Salt));
        (double Rate, FaultKind Kind)[] bands =
        [
            (faults.Rate429, FaultKind.TooManyRequests429),
            (faults.Rate500, FaultKind.InternalServerError500),
            (faults.Rate503, FaultKind.ServiceUnavailable503),
            (faults.RateReset, FaultKind.ConnectionReset),
            (faults.RateTimeout, FaultKind.Timeout),
            (faults.RateMalformedJson, FaultKind.MalformedJson),
        ];
        var edge = 0.0;
        foreach (var (rate, kind) in bands)
        {
            edge += rate;
            if (draw < edge)
            {
                return kind;
            }
        }

        return FaultKind.None;
    }
}
