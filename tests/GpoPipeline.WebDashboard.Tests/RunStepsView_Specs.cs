using GpoPipeline.Api.Dashboard;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.WebDashboard.Tests;

public sealed class RunStepsView_Specs
{
    private static readonly DateTime At = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private static RunRecord Run()
    {
        var run = new RunRecord { Id = Guid.NewGuid(), Task = "nav", Status = RunStatus.Completed, TotalSteps = 2, CurrentStep = 3 };
        run.Trajectory.Add(new TrajectoryRecord { Step = 0, Prompt = "Think step by step.", DevScore = 0.5 });
        run.Trajectory.Add(new TrajectoryRecord { Step = 1, Prompt = "Think carefully step by step.", DevScore = 0.6, CandidateIndex = 1, EditBudget = 4, EditDistance = 1 });
        run.Trajectory.Add(new TrajectoryRecord { Step = 2, Prompt = "Track each move and answer.", DevScore = 0.7, CandidateIndex = 0, EditBudget = 2, EditDistance = 5 });
        run.Steps.Add(new StepRecord { Step = 0, Kind = StepKind.Baseline, Status = StepStatus.Completed, StartedAt = At, TraceId = "abc" });
        run.Steps.Add(new StepRecord
        {
            Step = 1, Kind = StepKind.Optimize, Status = StepStatus.Completed, EditBudget = 4, StartedAt = At, Rejections = ["duplicate of step 0"],
            Candidates = [new() { Index = 0, Prompt = "x", EditDistance = 3, WithinBudget = true, DevScore = 0.4 }, new() { Index = 1, Prompt = "Think carefully step by step.", EditDistance = 1, WithinBudget = true, DevScore = 0.6 }],
        });
        run.Steps.Add(new StepRecord { Step = 2, Kind = StepKind.Optimize, Status = StepStatus.Completed, EditBudget = 2, StartedAt = At, Candidates = [new() { Index = 0, Prompt = "Track each move and answer.", EditDistance = 5, DevScore = 0.7 }] });
        run.BestPrompt = "Track each move and answer.";
        run.Steps.Add(new StepRecord
        {
            Step = 3, Kind = StepKind.Test, Status = StepStatus.Completed, StartedAt = At,
            Candidates = [new() { Index = 0, Prompt = "Think step by step." }, new() { Index = 1, Prompt = "Think carefully step by step." }, new() { Index = 2, Prompt = "Track each move and answer." }],
        });
        return run;
    }

    private static BatchScoreRecord Test(int candidate, params double[] scores) =>
        new() { Step = 3, CandidateIndex = candidate, Split = "test", Score = scores.Sum(), Total = scores.Length, ExampleScores = [.. scores] };

    [Fact]
    public void When_a_selected_prompt_changed_more_words_than_its_budget_Should_mark_only_that_step_over_budget()
    {
        var view = RunStepsView.From(Run(), [], [], new DashboardOptions());

        Assert.Equal([false, false, true, false], view.Steps.Select(s => s.OverBudget));
        Assert.Equal(0.5, view.BaselineDevScore);
        Assert.Equal([false, true], view.Steps[1].Candidates.Select(c => c.Selected));
        Assert.Equal("duplicate of step 0", Assert.Single(view.Steps[1].Rejections));
        Assert.Contains(view.Steps[1].Diff, d => d.Kind == DiffSegment.Added && d.Text == "carefully");
    }

    [Fact]
    public void When_the_test_step_is_scored_Should_give_the_seed_and_the_best_dev_prompt_a_bootstrap_interval_around_their_mean()
    {
        var view = RunStepsView.From(Run(), [], [Test(0, 1, 0, 0, 1, 0, 0, 1, 0), Test(1, 0, 0, 0, 0, 0, 0, 0, 0), Test(2, 1, 1, 1, 0, 1, 1, 1, 0)], new DashboardOptions());

        var test = Assert.IsType<TestComparisonResponse>(view.Test);
        Assert.Equal(3.0 / 8, test.Initial.Mean, 9);
        Assert.Equal(6.0 / 8, test.Best!.Mean, 9);
        Assert.Equal(8, test.Initial.Examples);
        Assert.True(test.Initial.Low < test.Initial.Mean && test.Initial.Mean < test.Initial.High, $"{test.Initial}");
        Assert.True(test.Best.Low >= 0 && test.Best.High <= 1, $"{test.Best}");
    }

    [Fact]
    public void When_a_trace_url_template_is_configured_Should_link_each_step_with_a_trace()
    {
        var view = RunStepsView.From(Run(), [new UsageRecord { Step = 1, Role = "task", Calls = 3, CacheHits = 1, Cost = 0.5 }], [],
            new DashboardOptions { TraceUrlTemplate = "http://jaeger:16686/trace/{traceId}" });

        Assert.Equal("http://jaeger:16686/trace/abc", view.Steps[0].TraceUrl);
        Assert.Null(view.Steps[1].TraceUrl);
        Assert.Equal(3, view.Steps[1].Spend.Calls);
        Assert.Equal(1, view.Steps[1].Spend.CacheHits);
        Assert.Null(view.Test); // no test scores recorded
    }
}
