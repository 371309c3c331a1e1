using GpoPipeline.Contracts;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class ForgedReplies_Specs
{
    [Fact]
    public async Task When_forged_BatchScored_messages_arrive_Should_dead_letter_them_and_complete_the_run_with_its_real_scores()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);
        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun());
        var run = await cluster.WaitAsync(runId, r => r.Steps.Count > 0);
        var token = run.Steps[0].WorkToken;
        ExampleResult[] four = [.. Enumerable.Range(0, 4).Select(i => new ExampleResult { Index = i, Answer = "forged", Score = 1 })];

        // Issue 13 §2: 400 of 4 for a future step, and a batch index far out of range, both with the real token.
        await cluster.PublishAsync(new BatchScored
        {
            RunId = runId, Step = 3, CandidateIndex = 0, BatchIndex = 0, Split = "test", Score = 400, Total = 4, WorkToken = token, Results = four,
        });
        await cluster.PublishAsync(new BatchScored
        {
            RunId = runId, Step = 5, CandidateIndex = 0, BatchIndex = 999, Split = "dev", Score = 4, Total = 4, WorkToken = token, Results = four,
        });
        var finished = await cluster.WaitAsync(runId);

        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.InRange(finished.BestDevScore!.Value, 0, 1);
        Assert.InRange(finished.BestTestScore!.Value, 0, 1);
        for (var step = 0; step <= finished.TotalSteps + 1; step++)
        {
            var scores = await cluster.Store.GetBatchScoresAsync(runId, step);
            Assert.All(scores, s => Assert.InRange(s.BatchIndex, 0, 2));
            Assert.All(scores, s => Assert.InRange(s.Score, 0, s.Total));
        }

        Assert.Equal(2u, await BrokerQueues.EventuallyCountAsync(cluster.QueueName("batch-scored_error"), 2));
    }
}
