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
        // ... and every call its answers took in the first run (paid there, or already taken from the memo there) is
        // counted as a memo hit: the summary said "0 cache hits" and nothing else.
        var firstRun = await TaskUsageAsync(cluster, first.Id, u => u.Calls + u.MemoHits);
        Assert.True(firstRun >= second.DevCount, $"the first run's answers took {firstRun} calls");
        Assert.Equal(firstRun, await TaskUsageAsync(cluster, second.Id, u => u.MemoHits));
    }

    [Fact]
    public async Task When_a_batch_is_partly_answered_by_the_memo_Should_send_only_the_rest_and_count_what_the_memo_answered_as_memo_hits()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);
        var first = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: 22)));

        // Batches of 8 over 16 dev examples: the baseline's first batch is all in the memo (the first run scored dev
        // examples 0-11 with the same prompt), its second holds 8-11 from the memo and sends only 12-15.
        var wider = PipelineCluster.SmallRun(seed: 22) with { BatchSize = 8, MaxDevExamples = 16 };
        var second = await cluster.WaitAsync(await cluster.StartRunAsync(wider));

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);
        var baseline = await cluster.Store.GetBatchScoresAsync(second.Id, 0);
        Assert.Equal(16, baseline.Where(b => b.Split == "dev").Sum(b => b.Total));
        // The same run again takes every answer from the memo: its memo hits are what the second run paid plus what the
        // second run took from the memo, whole batches and parts of batches alike (one scorer, no faults).
        var third = await cluster.WaitAsync(await cluster.StartRunAsync(wider));
        var paid = await TaskUsageAsync(cluster, second.Id, u => u.Calls);
        var reused = await TaskUsageAsync(cluster, second.Id, u => u.MemoHits);
        Assert.True(reused >= 12, $"only {reused} memo hits: the baseline's 12 answers from the first run were not all counted");
        Assert.True(paid >= 4, $"only {paid} paid calls: dev examples 12-15 were never scored before");
        Assert.Equal(0, await TaskUsageAsync(cluster, third.Id, u => u.Calls));
        Assert.Equal(paid + reused, await TaskUsageAsync(cluster, third.Id, u => u.MemoHits));
    }

    [Fact]
    public async Task When_runs_name_no_task_model_Should_not_answer_one_from_the_others_memo()
    {
        // A control-plane task without settings.taskModel: the scorers' Llm:Task:Model may have changed between two
        // such runs, so the second used to get the first one's answers (zero calls, possibly another model's scores).
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);
        var unnamed = PipelineCluster.SmallRun(seed: 23) with { TaskModel = null };
        var first = await cluster.WaitAsync(await cluster.StartRunAsync(unnamed));

        var second = await cluster.WaitAsync(await cluster.StartRunAsync(unnamed));

        Assert.True(first.Status == RunStatus.Completed, first.FailureReason);
        Assert.True(second.Status == RunStatus.Completed, second.FailureReason);
        // The second run sends its own batches to the scorers (whose model-call cache answers them for free: the
        // scorers' own model's answers) and takes none of the first run's paid answers from the memo; its dispatch
        // lookups and records agree on its per-run keys, or it would not complete. Shared, its memo hits would be the
        // first run's paid calls.
        Assert.True(await TaskUsageAsync(cluster, first.Id, u => u.Calls) >= first.DevCount);
        Assert.Equal(0, await TaskUsageAsync(cluster, second.Id, u => u.MemoHits));
        Assert.Equal(second.DevCount, (await cluster.Store.GetBatchScoresAsync(second.Id, 0)).Where(b => b.Split == "dev").Sum(b => b.Total));
        Assert.Equal(first.Trajectory.Select(t => (t.Prompt, t.DevScore)), second.Trajectory.Select(t => (t.Prompt, t.DevScore)));
    }

    private static async Task<long> TaskUsageAsync(PipelineCluster cluster, Guid runId, Func<UsageRecord, long> counter) =>
        (await cluster.Store.GetUsageAsync(runId)).Where(u => u.Role == "task").Sum(counter);
}
