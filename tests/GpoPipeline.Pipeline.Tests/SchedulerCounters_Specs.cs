using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The counters mean what their descriptions say: gpo.steps.completed ("a prompt was picked") also counted the baseline
/// scoring and the test evaluation, and gpo.batches.scored ("scored batches recorded") missed every batch the memo
/// answered at dispatch.
/// </summary>
public sealed class SchedulerCounters_Specs
{
    [Fact]
    public async Task When_runs_complete_Should_count_only_optimization_steps_and_every_recorded_batch_memo_answered_ones_included()
    {
        await using var harness = await ConsumerHarness.StartAsync(WholePipeline.Consumers);
        using var measured = new SchedulerMeasurements(harness.Services);
        var runs = new List<RunRecord>();
        for (var i = 0; i < 2; i++) // the second run asks the same questions: the memo answers them at dispatch
        {
            var start = RunSubmission.Create(PipelineCluster.SmallRun(seed: 23));
            await harness.Harness.Bus.Publish(start);
            Assert.True(await harness.Harness.Published.Any<RunCompleted>(m => m.Context.Message.RunId == start.RunId), $"run {i + 1} did not complete");
            runs.Add((await harness.Store.GetRunAsync(start.RunId))!);
        }

        Assert.Equal(runs.Sum(r => r.TotalSteps), measured.Of("gpo.steps.completed").Sum(m => m.Value)); // not steps 0 and T+1
        var recorded = 0;
        foreach (var run in runs)
        {
            for (var step = 0; step <= run.TotalSteps + 1; step++)
            {
                recorded += (await harness.Store.GetBatchScoresAsync(run.Id, step)).Count;
            }
        }

        var batches = measured.Of("gpo.batches.scored");
        Assert.Equal(recorded, batches.Sum(m => m.Value));
        Assert.Contains(batches, m => Equals(m.Tag(GpoAttributes.BatchSource), SchedulerMetrics.FromScorer));
        Assert.Contains(batches, m => Equals(m.Tag(GpoAttributes.BatchSource), SchedulerMetrics.FromMemo));
    }
}
