namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// How much of a token-bucket quota a run's requests used. A bucket of size b refilled at r per second serves at
/// most r·T + b requests in any T seconds, so served/T exceeds the rate on a short run (P8 once reported 130 % of the
/// quota: 4 s of requests plus a full bucket). Measured over the scoring phases only (where the scorers have more
/// work than the quota lets through; retrieval and generation send no task request), with one full bucket taken
/// off per phase (it refills in the gaps): the sustained figure cannot exceed the rate.
/// </summary>
public sealed record QuotaUsage(int Requests, int Refused, int ServedInPhases, double PhaseSeconds, double Burst, double RatePerSecond)
{
    public double ServedPerSecond => ServedInPhases / PhaseSeconds;

    public double SustainedPerSecond => Math.Max(0, ServedInPhases - Burst) / PhaseSeconds;

    public double Attainment => SustainedPerSecond / RatePerSecond;

    public double RefusedShare => Refused / (double)Requests;

    public static double BucketSize(int requestsPerMinute, double burstSeconds) => Math.Max(1, requestsPerMinute * burstSeconds / 60);

    /// <param name="requests">Every request to the rate-limited model in the run (the 429 share is over all of them).</param>
    public static QuotaUsage Of(
        IEnumerable<SimulatedLlm.SimulatedRequest> requests, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> phases, int requestsPerMinute, double burstSeconds)
    {
        var all = requests.ToList();
        if (all.Count == 0 || phases.Count == 0)
        {
            throw new InvalidOperationException("the run sent no task request or had no scoring phase; nothing to measure");
        }

        bool InPhase(DateTimeOffset at) => phases.Any(p => at >= p.From && at <= p.To);
        return new QuotaUsage(
            all.Count,
            all.Count(r => r.Fault == SimulatedLlm.FaultKind.RateLimited),
            all.Count(r => r.StatusCode == 200 && InPhase(r.Timestamp)),
            phases.Sum(p => (p.To - p.From).TotalSeconds),
            phases.Count * BucketSize(requestsPerMinute, burstSeconds),
            requestsPerMinute / 60.0);
    }
}
