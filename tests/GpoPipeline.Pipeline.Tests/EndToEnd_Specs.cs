using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

using GpoPipeline.Testing;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class EndToEnd_Specs
{
    [Fact]
    public async Task When_four_workers_and_two_scorers_optimize_a_lite_BBH_task_Should_complete_a_consistent_run()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 2);
        var settings = PipelineCluster.SmallRun("navigate");

        var runId = await cluster.StartRunAsync(settings);
        var run = await cluster.WaitAsync(runId);

        Assert.True(run.Status == RunStatus.Completed, $"run ended {run.Status}: {run.FailureReason}");
        Assert.Equal(settings.Steps + 1, run.Trajectory.Count);

        // Budgets follow the cosine schedule of spec §3.2 with s = len(trajectory) at each step.
        var options = RunLifecycle.BudgetOptions(run);
        for (var step = 1; step <= run.TotalSteps; step++)
        {
            var expected = Optimization.Budget.EditBudget.For(options, step, run.TotalSteps);
            Assert.Equal(expected, run.Steps.Single(s => s.Step == step).EditBudget);
            Assert.Equal(expected, run.Trajectory[step].EditBudget);

            // Scoring began after the step opened (retrieval and generation first) and before it completed.
            var record = run.Steps.Single(s => s.Step == step);
            Assert.NotNull(record.ScoringStartedAt);
            Assert.InRange(record.ScoringStartedAt!.Value, record.StartedAt, record.CompletedAt!.Value);
        }

        // Every picked prompt was a candidate of its step, with that candidate's recorded score.
        foreach (var entry in run.Trajectory.Skip(1))
        {
            var candidates = run.Steps.Single(s => s.Step == entry.Step).Candidates;
            var picked = candidates.Single(c => c.Index == entry.CandidateIndex);
            Assert.Equal(picked.Prompt, entry.Prompt);
            Assert.Equal(picked.DevScore, entry.DevScore);
        }

        // Dev and test scores recomputed from the stored batch scores match the run document.
        for (var step = 0; step <= run.TotalSteps; step++)
        {
            var scores = await cluster.Store.GetBatchScoresAsync(runId, step);
            var entry = run.Trajectory.Single(t => t.Step == step);
            var index = entry.CandidateIndex ?? 0;
            var mine = scores.Where(s => s.CandidateIndex == index).ToList();
            Assert.Equal(run.DevCount, mine.Sum(s => s.Total));
            Assert.Equal(entry.DevScore, mine.Sum(s => s.Score) / mine.Sum(s => s.Total), 10);
        }

        var test = await cluster.Store.GetBatchScoresAsync(runId, run.TotalSteps + 1);
        var initialTest = test.Where(s => s.CandidateIndex == 0).ToList();
        Assert.Equal(run.TestCount, initialTest.Sum(s => s.Total));
        Assert.Equal(run.InitialTestScore!.Value, initialTest.Sum(s => s.Score) / run.TestCount, 10);
        var best = run.Trajectory.OrderByDescending(t => t.DevScore).ThenBy(t => t.Step).First();
        Assert.Equal(best.Prompt, run.BestPrompt);
    }

    [Fact]
    public async Task When_two_runs_have_the_same_seed_and_configuration_Should_produce_the_same_trajectory()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);

        var first = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: 11)));
        var second = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: 11)));
        var other = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: 12)));

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(first.Trajectory.Select(t => (t.Prompt, t.DevScore)), second.Trajectory.Select(t => (t.Prompt, t.DevScore)));
        Assert.NotEqual(
            first.Steps.SelectMany(s => s.Candidates).Select(c => c.Prompt),
            other.Steps.SelectMany(s => s.Candidates).Select(c => c.Prompt));
    }
}
