using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class Memoization_Specs
{
    [Fact]
    public async Task When_a_second_run_asks_the_same_questions_Should_answer_them_from_the_memo_without_a_task_model_call()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);
        var first = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: 21)));
        var taskCalls = cluster.Simulator.Requests.Snapshot().Count(r => r.Model == "sim-task");

        var second = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: 21)));

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(first.Trajectory.Select(t => (t.Prompt, t.DevScore)), second.Trajectory.Select(t => (t.Prompt, t.DevScore)));
        Assert.Equal(first.BestTestScore, second.BestTestScore);
        Assert.Equal(taskCalls, cluster.Simulator.Requests.Snapshot().Count(r => r.Model == "sim-task"));
        Assert.Equal(0, (await cluster.Store.GetUsageAsync(second.Id)).Where(u => u.Role == "task").Sum(u => u.Calls));
        // Every batch of the second run is still recorded (from the memo), each once.
        var scores = await cluster.Store.GetBatchScoresAsync(second.Id, 0);
        Assert.Equal(second.DevCount, scores.Sum(s => s.Total));
    }
}
