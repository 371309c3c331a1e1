using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

using GpoPipeline.Testing;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class ExactlyOnce_Specs
{
    [Fact]
    public async Task When_a_scoring_host_stops_mid_step_and_a_new_one_starts_Should_count_every_batch_once_and_repay_nothing()
    {
        // Latency so that the stop really lands in the middle of scoring: each step scores for at least 300 ms, which
        // the 100 ms poll below cannot miss (with 20 ms a step's scoring could pass between two polls, and the wait
        // then lasted until the run had completed and its 90 s ran out).
        await using var cluster = await PipelineCluster.StartAsync(scorers: 2, sim =>
        {
            sim.TaskLatency = new() { Kind = SimulatedLlm.LatencyKind.Fixed, Milliseconds = 300 };
        });
        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun());

        var scoring = await cluster.WaitAsync(runId, run => (run.CurrentStep >= 1 && run.Steps[^1].Status == StepStatus.Scoring) || run.Status is not (RunStatus.Running or RunStatus.Pending));
        Assert.True(scoring.Status == RunStatus.Running, $"the run ended ({scoring.Status}) before a scorer was stopped mid-step");
        await cluster.StopAsync(cluster.Scorers[0]);
        await cluster.StartScorerAsync();
        var finished = await cluster.WaitAsync(runId);

        Assert.True(finished.Status == RunStatus.Completed, $"{finished.Status}: {finished.FailureReason}");
        for (var step = 0; step <= finished.TotalSteps + 1; step++)
        {
            var scores = await cluster.Store.GetBatchScoresAsync(runId, step);
            var keys = scores.Select(s => (s.CandidateIndex, s.BatchIndex, s.Split)).ToList();
            Assert.Equal(keys.Count, keys.Distinct().Count());
            var candidates = finished.Steps.Single(s => s.Step == step).Candidates.Count;
            var examples = step > finished.TotalSteps ? finished.TestCount : finished.DevCount;
            Assert.Equal(candidates * examples, scores.Sum(s => s.Total));
        }

        // Every task-model request the simulator answered was asked once: redelivered work came from the cache.
        var taskRequests = cluster.Simulator.Requests.Snapshot().Where(r => r.Model == "sim-task" && r.StatusCode == 200).ToList();
        Assert.NotEmpty(taskRequests);
        Assert.Equal(taskRequests.Count, taskRequests.Select(r => r.BodyHash).Distinct().Count());
    }

    [Fact]
    public async Task When_BatchScored_and_ScoreBatch_are_delivered_twice_Should_count_once_and_call_the_model_once()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);
        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun() with { Steps = 1 });
        var run = await cluster.WaitAsync(runId, r => r.CurrentStep >= 1);

        var first = (await cluster.Store.GetBatchScoresAsync(runId, 0))[0];
        var duplicateScore = new BatchScored
        {
            RunId = runId, Step = 0, CandidateIndex = first.CandidateIndex, BatchIndex = first.BatchIndex, Split = first.Split,
            Score = 0, Total = first.Total, WorkToken = run.Steps[0].WorkToken,
            Results = [.. Enumerable.Range(first.BatchIndex * StepSplits.BatchSize(run), first.Total)
                .Select(i => new ExampleResult { Index = i, Answer = "forged", Score = 0 })],
        };
        await cluster.PublishAsync(duplicateScore);
        await cluster.PublishAsync(duplicateScore);
        await cluster.PublishAsync(await WorkMessages.ScoreBatchAsync(cluster.Store, run, 0, 0, first.BatchIndex));
        var finished = await cluster.WaitAsync(runId);

        Assert.Equal(RunStatus.Completed, finished.Status);
        var step0 = (await cluster.Store.GetBatchScoresAsync(runId, 0)).Where(s => s.BatchIndex == first.BatchIndex).ToList();
        Assert.Single(step0);
        Assert.Equal(first.Score, step0[0].Score); // the duplicate with Score = 0 did not overwrite it
        Assert.Equal(run.Trajectory[0].DevScore, finished.Trajectory[0].DevScore);
        var requests = cluster.Simulator.Requests.Snapshot().Where(r => r.Model == "sim-task").ToList();
        Assert.Equal(requests.Count, requests.Select(r => r.BodyHash).Distinct().Count());
        // The run went on to score its step: read from the store, not from requests counted after CurrentStep >= 1 was
        // seen (a fast run had already made every step-1 request by then: 1 failure in 7 clean CI runs).
        Assert.NotEmpty(await cluster.Store.GetBatchScoresAsync(runId, 1));
    }
}
