using GpoPipeline.SimulatedLlm;
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
            // Each outage falls at a moment the run provably cannot move past (never a race against a fast run):
            // first while step 1's optimizer request is held (the run is generating), then while step 1's scoring
            // requests are held (the run is scoring, its candidates recorded).
            var generating = Pin(cluster, SimModels.Optimizer);
            await generating.WhenHoldingAsync().WaitAsync(TimeSpan.FromSeconds(180));
            var stop = DateTime.UtcNow;
            var before = await StateAsync(cluster, runId);
            await node.StopAsync();
            await node.StartAgainAsync();
            outages.Add($"stop/start {(DateTime.UtcNow - stop).TotalSeconds:0} s ({before})");

            var scoring = Pin(cluster, SimModels.Task);
            generating.Open();
            await scoring.WhenHoldingAsync().WaitAsync(TimeSpan.FromSeconds(180));
            var kill = DateTime.UtcNow;
            before = await StateAsync(cluster, runId);
            await node.KillAsync();
            scoring.Open(); // the held answers come back while no broker is there: the scorers' replies must wait
            cluster.Simulator.Options.Hold = null;
            await node.StartAgainAsync();
            outages.Add($"kill -9/start {(DateTime.UtcNow - kill).TotalSeconds:0} s ({before})");
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

    /// <summary>From now on the simulator holds every request for <paramref name="model"/> until the pin opens.</summary>
    private static RequestHold Pin(PipelineCluster cluster, string model)
    {
        var hold = new RequestHold { Model = model };
        hold.Close();
        cluster.Simulator.Options.Hold = hold;
        return hold;
    }

    private static async Task<string> StateAsync(PipelineCluster cluster, Guid runId)
    {
        var run = (await cluster.Store.GetRunAsync(runId))!;
        Assert.Equal(RunStatus.Running, run.Status); // the outage falls inside the run
        return $"run at step {run.CurrentStep}, {run.Steps[^1].Status}";
    }

    private static List<(int Step, string Prompt, double DevScore, int? EditBudget)> Trajectory(RunRecord run) =>
        [.. run.Trajectory.Select(t => (t.Step, t.Prompt, t.DevScore, t.EditBudget))];

    private static async Task<(RunRecord Run, List<(int, string, int, int, double, int)> Batches)> RunAsync(
        Uri? broker, Func<PipelineCluster, Guid, Task>? disrupt)
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 2, simulator: options =>
            options.TaskLatency = new LatencyOptions { Kind = LatencyKind.Fixed, Milliseconds = 20 }, broker: broker);
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
