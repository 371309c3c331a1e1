using GpoPipeline.Cli.Reports;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

public sealed class ReportData_Specs
{
    [Fact]
    public void When_the_best_prompt_was_selected_at_a_later_step_Should_take_its_test_interval_from_that_candidate()
    {
        // Test candidates are numbered by the step that first selected the prompt (issue 15): here 0 and 2.
        var run = new RunRecord
        {
            Id = Guid.NewGuid(),
            TotalSteps = 2,
            BestPrompt = "second",
            Trajectory = [new() { Step = 0, Prompt = "seed" }, new() { Step = 1, Prompt = "first" }, new() { Step = 2, Prompt = "second" }],
        };
        BatchScoreRecord[] test =
        [
            new() { Step = 3, Split = "test", CandidateIndex = 0, Score = 1, Total = 10, ExampleScores = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
            new() { Step = 3, Split = "test", CandidateIndex = 2, Score = 9, Total = 10, ExampleScores = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0] },
        ];
        var data = new ReportData(run, test, []);

        Assert.Equal(2, data.BestTestCandidate);
        var interval = data.TestInterval(data.BestTestCandidate);
        Assert.NotNull(interval);
        Assert.True(interval.Low > 0.5, $"the best prompt's interval starts at {interval.Low}, the seed's scores were read");
    }

    [Fact]
    public void When_a_run_is_reported_Should_show_the_same_test_interval_as_the_web_dashboard()
    {
        // One implementation of the interval: the report and the dashboard (RunStepsView) resample the same per-example
        // scores with the same seed. A graded metric's scores (ROUGE-L) are resampled per example, not per batch.
        double[] scores = [0.25, 0.5, 0.75, 1, 0, 0.5, 0.5, 0.25];
        var run = new RunRecord { Id = Guid.NewGuid(), BestPrompt = "seed", Trajectory = [new() { Step = 0, Prompt = "seed" }] };
        BatchScoreRecord[] test =
        [
            new() { Step = 1, Split = "test", CandidateIndex = 0, BatchIndex = 0, Score = 2.5, Total = 4, ExampleScores = [.. scores[..4]] },
            new() { Step = 1, Split = "test", CandidateIndex = 0, BatchIndex = 1, Score = 1.25, Total = 4, ExampleScores = [.. scores[4..]] },
        ];

        var interval = new ReportData(run, test, []).TestInterval(0);

        Assert.Equal(GpoPipeline.Optimization.Comparison.BootstrapInterval.Of(scores, GpoPipeline.Api.Dashboard.RunStepsView.BootstrapSeed), interval);
    }

    [Fact]
    public void When_a_test_batch_has_no_per_example_scores_Should_show_no_interval()
    {
        var run = new RunRecord { Id = Guid.NewGuid(), BestPrompt = "seed", Trajectory = [new() { Step = 0, Prompt = "seed" }] };
        BatchScoreRecord[] test = [new() { Step = 1, Split = "test", CandidateIndex = 0, Score = 3, Total = 4 }];

        Assert.Null(new ReportData(run, test, []).TestInterval(0));
    }

    [Fact]
    public void When_the_best_prompt_is_the_seed_Should_take_the_seed_candidate()
    {
        var run = new RunRecord { Id = Guid.NewGuid(), BestPrompt = "seed", Trajectory = [new() { Step = 0, Prompt = "seed" }, new() { Step = 1, Prompt = "worse" }] };

        Assert.Equal(0, new ReportData(run, [], []).BestTestCandidate);
    }
}
