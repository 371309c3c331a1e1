using System.Globalization;
using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// P8: 1, 2 and 4 scorer processes share one simulated quota (the simulator's rate-limit mode: 429 + exact
/// Retry-After) with no coordinator, each with its own adaptive rate and window. Every service is its own OS process
/// (<see cref="ProcessRuns"/>), as issue 11 asks. Measured per variant: task-model requests served per second against
/// the quota, and the share of task-model requests refused with 429. Every run must complete.
/// The latency is a real model's order of magnitude: at a few ms per request, even one request in flight per
/// scorer exceeds a quota of tens per second, and only pacing (not a concurrency window) could avoid 429s.
/// </summary>
public static class RateLimitScenario
{
    /// <summary>20/s: below what the scorers ask for even on the shared 2-core machine (at 3,600/min one loaded scorer
    /// drew no 429 at all, so the figure measured the machine, not the limiter).</summary>
    private const int RequestsPerMinute = 1_200;
    private const double BurstSeconds = 1;
    private const int LatencyMs = 200;

    public static async Task<ScenarioResult> RunAsync(ScenarioScale scale)
    {
        var rows = new List<string>();
        var worstAttainment = double.MaxValue;
        var worstShare = 0.0;
        // 2 steps × 8 candidates × 48 dev (the task's whole dev split): 384 task requests per scoring phase, ~19 s at
        // the quota, so the bucket's burst at the start of a phase is a few per cent of it.
        var settings = ClusterRuns.Settings(scale.Steps, scale.Quick ? 2 : 8, scale.ThroughputDev, batch: 8, seed: 17);
        foreach (var scorers in new[] { 1, 2, 4 })
        {
            // One batch held per scorer, as the README advises under a shared quota: a batch a scorer holds waits for that
            // scorer's share of the quota even when the others are idle. Holding 4, the last batches of each step took
            // 5-8 s at a fraction of the quota (4 scorers: 68-96 % of it over the phases, 429 7-13 %); holding 1, the
            // tail is ~2 s (90-95 %, 429 4-5 %; per-second request logs, 2026-12-01).
            var (log, phases) = await ProcessRuns.RateLimitedRunAsync(scorers, LatencyMs, concurrentMessages: 1, RequestsPerMinute, BurstSeconds, settings);
            var usage = QuotaUsage.Of(log.Where(r => r.Model == SimModels.Task), phases, RequestsPerMinute, BurstSeconds);
            worstAttainment = Math.Min(worstAttainment, usage.Attainment);
            worstShare = Math.Max(worstShare, usage.RefusedShare);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"{scorers} scorer{(scorers == 1 ? "" : "s")}: {usage.SustainedPerSecond:0.0}/s ({usage.Attainment:P0} of quota; {usage.ServedPerSecond:0.0}/s with the bucket's bursts), 429 {usage.RefusedShare:P1} ({usage.Refused} of {usage.Requests})"));
        }

        var met = worstAttainment >= 0.8 && worstShare <= 0.1;
        return new ScenarioResult("P8", "shared rate limit", string.Join("; ", rows), worstAttainment,
            "throughput ≥ 80 % of the quota, 429 ≤ 10 %, no failed run", met, string.Create(CultureInfo.InvariantCulture,
            $"one quota of {RequestsPerMinute} requests/min per model (bucket of {BurstSeconds:0.#} s = {QuotaUsage.BucketSize(RequestsPerMinute, BurstSeconds):0} requests), {LatencyMs} ms latency; every service a separate `dotnet <Service>.dll` process, each scorer with its own adaptive rate and window (no shared state) holding one batch of 8 at a time (`Scoring:ConcurrentMessageLimit` 1); throughput = task requests served in the steps' scoring phases, less one full bucket per phase, over the phases' time (a correct bucket bounds it by the quota); 429 share over all task requests of the run; ratio = worst throughput/quota, worst 429 share {worstShare:P1}"),
            Goal: 0.8);
    }
}
