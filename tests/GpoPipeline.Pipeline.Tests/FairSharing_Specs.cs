using System.Globalization;
using GpoPipeline.Contracts;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Xunit.Abstractions;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Fair sharing of the scorers between runs (issue 12): a big and a small run started together over one scorer
/// that takes one batch at a time. With Scheduler:MaxBatchesInFlightPerRun the big run never has more than that
/// many batches in the scorer queue, so the small run's batches are scored after a few of the big run's, not after
/// all of them. Asserted on the order the scheduler recorded the batches in, not on time.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class FairSharing_Specs(ITestOutputHelper output)
{
    [Fact]
    public async Task When_a_big_and_a_small_run_share_one_scorer_Should_finish_the_small_run_while_the_big_one_is_far_from_done()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1, settings: new Dictionary<string, string?>
        {
            ["Scheduler:MaxBatchesInFlightPerRun"] = "2",
            ["Scoring:ConcurrentMessageLimit"] = "1",
            ["Scheduler:ExamplesPerScoreBatch"] = "1",
        });

        // Evaluation-only runs (0 steps: baseline on dev, then test) with one example per message: 96 batches against 6.
        var big = await cluster.StartRunAsync(Evaluation("navigate", examples: 48));
        var small = await cluster.StartRunAsync(Evaluation("object_counting", examples: 3));
        var smallRun = await cluster.WaitAsync(small, seconds: 180);
        var bigRun = await cluster.WaitAsync(big, seconds: 180);

        Assert.Equal(RunStatus.Completed, smallRun.Status);
        Assert.Equal(RunStatus.Completed, bigRun.Status);
        var bigBatches = await BatchesAsync(cluster, bigRun);
        var smallDone = (await BatchesAsync(cluster, smallRun)).Max(b => b.RecordedAt);
        var bigBefore = bigBatches.Count(b => b.RecordedAt <= smallDone);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"big run: {bigBefore} of {bigBatches.Count} batches recorded when the small run's last batch was"));
        Assert.Equal(96, bigBatches.Count);
        Assert.True(bigBefore < bigBatches.Count / 4, $"the big run had {bigBefore} of {bigBatches.Count} batches scored before the small run finished");
    }

    private static RunSettings Evaluation(string task, int examples) => new()
    {
        DataPath = RepoPaths.Task("bbh", task),
        Steps = 0,
        BatchSize = 1,
        MaxDevExamples = examples,
        MaxTestExamples = examples,
        TaskModel = "sim-task",
        OptimizerModel = "sim-optimizer",
    };

    private static async Task<List<BatchScoreRecord>> BatchesAsync(PipelineCluster cluster, RunRecord run) =>
        [.. await cluster.Store.GetBatchScoresAsync(run.Id, 0), .. await cluster.Store.GetBatchScoresAsync(run.Id, run.TotalSteps + 1)];
}
