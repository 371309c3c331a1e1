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
        var settings = ClusterRuns.Settings(scale.Steps + 1, scale.Candidates, scale.Dev, batch: 4, seed: 21);
        int paid, avoidable;
        long wholeCalls, tokens, devCount;
        await using (var cluster = await ClusterRuns.StartAsync(scorers: 2, latencyMs: 20, concurrentMessages: 4, examplesPerMessage: settings.BatchSize))
        {
            var whole = await ClusterRuns.RunAsync(cluster, settings);
            var log = cluster.Simulator.Requests.Snapshot().Where(r => r.StatusCode == 200).ToList();
            paid = log.Count;
            avoidable = paid - log.Select(r => r.BodyHash).Distinct().Count();
            var usage = await cluster.Store.GetUsageAsync(whole.Id);
            (wholeCalls, tokens, devCount) = (usage.Sum(u => u.Calls), usage.Sum(u => u.InputTokens + u.OutputTokens), whole.DevCount);
        }

        // The same run on a fresh deployment (empty cache), cancelled at step 2 and resumed.
        await using var fresh = await ClusterRuns.StartAsync(scorers: 2, latencyMs: 20, concurrentMessages: 4, examplesPerMessage: settings.BatchSize);
        var interruptedId = await fresh.StartRunAsync(settings);
        await fresh.WaitAsync(interruptedId, r => r.CurrentStep >= 2);
        await fresh.PublishAsync(new CancelRun { RunId = interruptedId });
        var stopped = await fresh.WaitAsync(interruptedId, r => r.Status is RunStatus.Cancelled or RunStatus.Completed);
        if (stopped.Status == RunStatus.Cancelled)
        {
            await Task.Delay(500); // work in flight settles
            await fresh.PublishAsync(new ResumeRun { RunId = interruptedId });
            // Wait until the scheduler took the resume (the run changed), never for a transient status: a small run
            // may already be completed again when we look.
            await fresh.WaitAsync(interruptedId, r => r.Version > stopped.Version, seconds: 30);
        }

        var resumed = await fresh.WaitAsync(interruptedId, seconds: 600);
        var resumedCalls = (await fresh.Store.GetUsageAsync(interruptedId)).Sum(u => u.Calls);
        // Extra = what the provider billed more than for the run in one go; recorded calls are shown beside it (a
        // reply that arrived after the cancel is still recorded, so both should match the uninterrupted run).
        var resumedPaid = fresh.Simulator.Requests.Snapshot().Count(r => r.StatusCode == 200);
        var extra = resumedPaid - paid;

        return new ScenarioResult("P4", "spend", string.Create(CultureInfo.InvariantCulture,
            $"{paid} paid calls, {avoidable} avoidable; cancelled + resumed: {resumedPaid} paid ({resumedCalls} recorded) vs {paid} paid ({wholeCalls} recorded) in one go ({(stopped.Status == RunStatus.Cancelled ? "cancelled at step " + stopped.CurrentStep + ", resumed" : "finished before the cancel landed")}, {resumed.Status})"),
            avoidable + Math.Abs(extra), "0 avoidable; 0 extra after resume", avoidable == 0 && extra == 0,
            $"{settings.Steps} steps × {settings.Candidates} candidates × {devCount} dev; {tokens:N0} tokens; avoidable = identical requests paid twice",
            Goal: 0, LowerIsBetter: true);
    }
}
