namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// How much of a token-bucket quota a set of requests used. A bucket of size b refilled at r per second serves at
/// most r·T + b requests in any T seconds, so served/T exceeds the rate on a short run (P8 once reported 130 % of the
/// quota: 4 s of requests plus a full bucket). The sustained figure takes the initial bucket off: it cannot exceed
/// the rate, and is a lower bound on the rate used (pauses with no requests, e.g. generation, count against it).
/// </summary>
public sealed record QuotaUsage(int Requests, int Served, int Refused, double Seconds, double Burst, double RatePerSecond)
{
    public double ServedPerSecond => Served / Seconds;

    public double SustainedPerSecond => Math.Max(0, Served - Burst) / Seconds;

    public double Attainment => SustainedPerSecond / RatePerSecond;

    public double RefusedShare => Refused / (double)Requests;

    public static double BucketSize(int requestsPerMinute, double burstSeconds) => Math.Max(1, requestsPerMinute * burstSeconds / 60);

    public static QuotaUsage Of(IEnumerable<SimulatedLlm.SimulatedRequest> requests, int requestsPerMinute, double burstSeconds)
    {
        var ordered = requests.OrderBy(r => r.Timestamp).ToList();
        if (ordered.Count < 2)
        {
            throw new InvalidOperationException("the run sent fewer than two task requests; nothing to measure");
        }

        return new QuotaUsage(
            ordered.Count,
            ordered.Count(r => r.StatusCode == 200),
            ordered.Count(r => r.Fault == SimulatedLlm.FaultKind.RateLimited),
            (ordered[^1].Timestamp - ordered[0].Timestamp).TotalSeconds,
            BucketSize(requestsPerMinute, burstSeconds),
            requestsPerMinute / 60.0);
    }
}
