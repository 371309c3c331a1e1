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
            new() { Step = 3, Split = "test", CandidateIndex = 0, Score = 1, Total = 10 },
            new() { Step = 3, Split = "test", CandidateIndex = 2, Score = 9, Total = 10 },
        ];
        var data = new ReportData(run, test, []);

        Assert.Equal(2, data.BestTestCandidate);
        var interval = Assert.NotNull(data.TestInterval(data.BestTestCandidate));
        Assert.True(interval.Low > 0.5, $"the best prompt's interval starts at {interval.Low}, the seed's scores were read");
    }

    [Fact]
    public void When_the_best_prompt_is_the_seed_Should_take_the_seed_candidate()
    {
        var run = new RunRecord { Id = Guid.NewGuid(), BestPrompt = "seed", Trajectory = [new() { Step = 0, Prompt = "seed" }, new() { Step = 1, Prompt = "worse" }] };

        Assert.Equal(0, new ReportData(run, [], []).BestTestCandidate);
    }
}
