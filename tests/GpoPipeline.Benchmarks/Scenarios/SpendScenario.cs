using System.Globalization;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// P4: paid calls of a run against the minimum the algorithm needs — every distinct request once (a repeated
/// identical request is avoidable: the cache should have answered it) — and the extra calls of a run that was
/// cancelled mid-way and resumed, against the same run done in one go (same seeds, same calls).
/// </summary>
public static class SpendScenario
{
    public static async Task<ScenarioResult> RunAsync(ScenarioScale scale)
    {
        await using var cluster = await ClusterRuns.StartAsync(scorers: 2, latencyMs: scale.Quick ? 0 : 5, concurrentMessages: 4);
        var settings = ClusterRuns.Settings(scale.Steps + 1, scale.Candidates, scale.Dev, batch: 4, seed: 21);

        var whole = await ClusterRuns.RunAsync(cluster, settings);
        var log = cluster.Simulator.Requests.Snapshot().Where(r => r.StatusCode == 200).ToList();
        var paid = log.Count;
        var avoidable = paid - log.Select(r => r.BodyHash).Distinct().Count();
        var wholeCalls = (await cluster.Store.GetUsageAsync(whole.Id)).Sum(u => u.Calls);

        var interruptedId = await cluster.StartRunAsync(settings);
        await cluster.WaitAsync(interruptedId, r => r.CurrentStep >= 2);
        await cluster.PublishAsync(new CancelRun { RunId = interruptedId });
        await cluster.WaitAsync(interruptedId, r => r.Status == RunStatus.Cancelled);
        await Task.Delay(500); // work in flight settles
        await cluster.PublishAsync(new ResumeRun { RunId = interruptedId });
        await cluster.WaitAsync(interruptedId, r => r.Status == RunStatus.Running, seconds: 30);
        var resumed = await cluster.WaitAsync(interruptedId, seconds: 600);
        var resumedCalls = (await cluster.Store.GetUsageAsync(interruptedId)).Sum(u => u.Calls);
        var extra = resumedCalls - wholeCalls;

        return new ScenarioResult("P4", "spend", string.Create(CultureInfo.InvariantCulture,
            $"{paid} paid calls, {avoidable} avoidable; cancelled + resumed run: {resumedCalls} vs {wholeCalls} in one go ({resumed.Status})"),
            avoidable + Math.Abs(extra), "0 avoidable; 0 extra after resume", avoidable == 0 && extra == 0,
            $"{settings.Steps} steps × {settings.Candidates} candidates × {whole.DevCount} dev; tokens {(await cluster.Store.GetUsageAsync(whole.Id)).Sum(u => u.InputTokens + u.OutputTokens):N0}");
    }
}
