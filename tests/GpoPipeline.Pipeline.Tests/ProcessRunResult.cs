using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>What a run on a <see cref="ProcessCluster"/> left: the stored run and its batch scores, and the calls the endpoint answered.</summary>
public sealed record ProcessRunResult(RunRecord Run, IReadOnlyList<BatchScoreRecord> Scores, int PaidCalls)
{
    /// <summary>Stops the scheduler (so its file is closed) and reads what it stored.</summary>
    public static async Task<ProcessRunResult> ReadAsync(ProcessCluster cluster, Guid runId)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var paid = (await cluster.SimulatorRequestsAsync()).Count(r => r.StatusCode == 200 && r.Path.StartsWith("/v1/", StringComparison.Ordinal) && r.Path != "/v1/models");
        cluster.StopScheduler();
        using var store = new LiteDbRunStore(cluster.StoreFile);
        var run = await store.GetRunAsync(runId) ?? throw new InvalidOperationException($"Run {runId} is not in {cluster.StoreFile}.");
        var scores = new List<BatchScoreRecord>();
        foreach (var step in run.Steps)
        {
            scores.AddRange(await store.GetBatchScoresAsync(runId, step.Step));
        }

        return new ProcessRunResult(run, scores, paid);
    }
}
