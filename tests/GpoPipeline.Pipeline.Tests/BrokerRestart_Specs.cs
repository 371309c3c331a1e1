using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Xunit.Abstractions;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Issue 13: the broker goes away mid-run, once cleanly (SIGTERM, as systemd or docker stop it) and once by <c>kill -9</c> of its beam process,
/// and comes back on the same data. The spec's own RabbitMQ node takes the outages; the suite's node is never touched.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class BrokerRestart_Specs(ITestOutputHelper output)
{
    [Fact]
    public async Task When_the_broker_is_stopped_and_killed_mid_run_Should_complete_with_the_uninterrupted_trajectory_losing_and_doubling_no_batch()
    {
        Assert.True(PrivateRabbitMqNode.Unavailable is null, PrivateRabbitMqNode.Unavailable);
        var reference = await RunAsync(broker: null, disrupt: null);

        await using var node = await PrivateRabbitMqNode.StartAsync();
        var outages = new List<string>();
        var disrupted = await RunAsync(node.Uri, async (cluster, runId) =>
        {
            // Each outage waits for durable progress (a step stored by the scheduler), never for a time.
            await cluster.WaitAsync(runId, r => r.CurrentStep >= 1 || r.Status != RunStatus.Running, seconds: 180);
            var stop = DateTime.UtcNow;
            var before = (await cluster.Store.GetRunAsync(runId))!.CurrentStep;
            Assert.Equal(RunStatus.Running, (await cluster.Store.GetRunAsync(runId))!.Status); // the outage falls inside the run
            await node.StopAsync();
            await node.StartAgainAsync();
            outages.Add($"stop/start {(DateTime.UtcNow - stop).TotalSeconds:0} s (run at step {before} → {(await cluster.Store.GetRunAsync(runId))!.CurrentStep})");

            await cluster.WaitAsync(runId, r => r.CurrentStep >= 2 || r.Status != RunStatus.Running, seconds: 300);
            var kill = DateTime.UtcNow;
            before = (await cluster.Store.GetRunAsync(runId))!.CurrentStep;
            Assert.Equal(RunStatus.Running, (await cluster.Store.GetRunAsync(runId))!.Status); // the kill falls inside the run
            await node.KillAsync();
            await node.StartAgainAsync();
            outages.Add($"kill -9/start {(DateTime.UtcNow - kill).TotalSeconds:0} s (run at step {before} → {(await cluster.Store.GetRunAsync(runId))!.CurrentStep})");
        });

        Assert.Equal(RunStatus.Completed, disrupted.Run.Status);
        Assert.Equal(2, outages.Count);
        Assert.Equal(Trajectory(reference.Run), Trajectory(disrupted.Run));
        Assert.Equal(reference.Run.BestTestScore, disrupted.Run.BestTestScore);

        // 0 lost: every batch of the uninterrupted run is there with its score; 0 doubled: no batch recorded twice.
        var lost = reference.Batches.Except(disrupted.Batches).Count();
        var doubled = disrupted.Batches.Count - disrupted.Batches.Distinct().Count();
        output.WriteLine(
            $"private RabbitMQ node: {string.Join("; ", outages)}; {disrupted.Batches.Count} batches ({reference.Batches.Count} uninterrupted), " +
            $"{lost} lost, {doubled} doubled; trajectory identical over {disrupted.Run.Trajectory.Count} entries");
        Assert.Equal(0, lost);
        Assert.Equal(0, doubled);
        Assert.Equal(reference.Batches.Count, disrupted.Batches.Count);
    }

    private static List<(int Step, string Prompt, double DevScore, int? EditBudget)> Trajectory(RunRecord run) =>
        [.. run.Trajectory.Select(t => (t.Step, t.Prompt, t.DevScore, t.EditBudget))];

    private static async Task<(RunRecord Run, List<(int, string, int, int, double, int)> Batches)> RunAsync(
        Uri? broker, Func<PipelineCluster, Guid, Task>? disrupt)
    {
        // 1.5 s optimizer answers keep each step open long enough for an outage to fall inside the run.
        await using var cluster = await PipelineCluster.StartAsync(scorers: 2, simulator: options =>
        {
            options.TaskLatency = new SimulatedLlm.LatencyOptions { Kind = SimulatedLlm.LatencyKind.Fixed, Milliseconds = 20 };
            options.OptimizerLatency = new SimulatedLlm.LatencyOptions { Kind = SimulatedLlm.LatencyKind.Fixed, Milliseconds = 1500 };
        }, broker: broker);
        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: 21) with { Steps = 3 });
        if (disrupt is not null)
        {
            await disrupt(cluster, runId);
        }

        var run = await cluster.WaitAsync(runId, seconds: 300);
        var batches = new List<(int, string, int, int, double, int)>();
        for (var step = 0; step <= run.TotalSteps + 1; step++)
        {
            batches.AddRange((await cluster.Store.GetBatchScoresAsync(runId, step))
                .Select(s => (s.Step, s.Split, s.CandidateIndex, s.BatchIndex, s.Score, s.Total)).Order());
        }

        return (run, batches);
    }
}
