using System.Globalization;
using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// P8: 1, 2 and 4 scorers share one simulated quota (the simulator's rate-limit mode: 429 + exact Retry-After) with
/// no coordinator, each with its own adaptive window. Measured per variant: successful task-model requests per second
/// against the quota, and the share of task-model requests refused with 429. Every run must complete.
/// The latency is a real model's order of magnitude: at a few ms per request, even one request in flight per
/// scorer exceeds a quota of tens per second, and only pacing (not a concurrency window) could avoid 429s.
/// </summary>
public static class RateLimitScenario
{
    private const int RequestsPerMinute = 3_600;
    private const int LatencyMs = 200;

    public static async Task<ScenarioResult> RunAsync(ScenarioScale scale)
    {
        var rows = new List<string>();
        var worstAttainment = double.MaxValue;
        var worstShare = 0.0;
        foreach (var scorers in new[] { 1, 2, 4 })
        {
            await using var cluster = await ClusterRuns.StartAsync(scorers, LatencyMs, concurrentMessages: 4);
            cluster.Simulator.Options.RateLimit = new RateLimitOptions { RequestsPerMinute = RequestsPerMinute, BurstSeconds = 1 };
            await ClusterRuns.RunAsync(cluster, ClusterRuns.Settings(1, scale.Candidates, scale.Dev, batch: 8, seed: 17));
            var task = cluster.Simulator.Requests.Snapshot().Where(r => r.Model == SimModels.Task).OrderBy(r => r.Timestamp).ToList();
            var served = task.Count(r => r.StatusCode == 200);
            var refused = task.Count(r => r.Fault == FaultKind.RateLimited);
            var seconds = (task[^1].Timestamp - task[0].Timestamp).TotalSeconds;
            var perSecond = served / seconds;
            var attainment = perSecond / (RequestsPerMinute / 60.0);
            var share = refused / (double)task.Count;
            worstAttainment = Math.Min(worstAttainment, attainment);
            worstShare = Math.Max(worstShare, share);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"{scorers} scorer{(scorers == 1 ? "" : "s")}: {perSecond:0.0}/s ({attainment:P0} of quota), 429 {share:P1}"));
        }

        var met = worstAttainment >= 0.8 && worstShare <= 0.1;
        return new ScenarioResult("P8", "shared rate limit", string.Join("; ", rows), worstAttainment,
            "throughput ≥ 80 % of the quota, 429 ≤ 10 %, no failed run", met, string.Create(CultureInfo.InvariantCulture,
            $"one quota of {RequestsPerMinute} requests/min per model (bucket of 1 s), {LatencyMs} ms latency (the quota needs ~12 requests in flight in all; one scorer alone could keep 32); ratio = worst throughput/quota, worst 429 share {worstShare:P1}; scorers are hosts in one OS process, each with its own model client and window (no shared state)"),
            Goal: 0.8);
    }
}
