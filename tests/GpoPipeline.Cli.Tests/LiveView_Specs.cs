using GpoPipeline.Cli.Rendering;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

/// <summary>Issue 18: the live view never drops a step's line, even when a step begins and ends between two polls.</summary>
public sealed class LiveView_Specs
{
    [Fact]
    public void When_a_poll_missed_whole_steps_Should_describe_each_of_them_before_the_newest()
    {
        var run = new RunRecord
        {
            Id = Guid.NewGuid(), Task = "navigate", Status = RunStatus.Running, TotalSteps = 3, CurrentStep = 4,
            Settings = new Contracts.RunSettings { DataPath = "/data" },
            Steps = [.. Enumerable.Range(0, 5).Select(i => new StepRecord { Step = i, Status = i < 4 ? StepStatus.Completed : StepStatus.Scoring, EditBudget = i is >= 1 and <= 3 ? 50 - (10 * i) : null })],
        };
        var progress = new RunProgress(run, 0, 2, 10, 100, 0);

        var missed = progress.Missed(lastShownStep: 1).Select(p => p.Describe()).ToList();

        Assert.Equal(2, missed.Count);
        Assert.StartsWith("step 2/3 · budget 30 words", missed[0], StringComparison.Ordinal);
        Assert.StartsWith("step 3/3 · budget 20 words", missed[1], StringComparison.Ordinal);
        Assert.StartsWith("test evaluation", progress.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_view_moves_past_a_step_it_last_saw_generating_Should_draw_that_step_as_it_ended()
    {
        var bars = new StepBars();
        var run = Run(StepStatus.Generating, candidates: 0);
        bars.Show(new RunProgress(run, 0, 0, 10, 100, 0));
        Assert.Contains("generating", bars.Lines.Single(b => b.Step == 1).Description, StringComparison.Ordinal);

        // The next poll: step 1 was scored and completed between the polls, step 2 is generating.
        var later = Run(StepStatus.Completed, candidates: 4);
        later.Steps.Add(new StepRecord { Step = 2, Status = StepStatus.Generating, EditBudget = 30 });
        bars.Show(new RunProgress(later, 0, 0, 42, 400, 0));

        var step1 = bars.Lines.Single(b => b.Step == 1);
        Assert.StartsWith("step 1/3 · 40 words · 4 cand.", step1.Description, StringComparison.Ordinal);
        Assert.Equal(step1.MaxValue, step1.Value);
        Assert.Equal([0, 1, 2], bars.Lines.Select(b => b.Step));
        Assert.Contains("generating", bars.Lines.Last().Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_model_calls_were_retried_Should_show_the_retries_beside_the_spend()
    {
        // An endpoint answering 429/500 again and again made the run look stalled: the attempts were counted, not shown.
        using var temp = new TempStore();
        using var store = temp.Open();
        var run = Run(StepStatus.Generating, candidates: 0);
        Assert.True(await store.TryCreateRunAsync(run));
        await store.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 0, Role = "task", Calls = 10, Attempts = 22 });
        await store.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 1, Role = "optimizer", Calls = 2, Attempts = 2 });
        await store.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 1, Role = "embedding", Calls = 5, Attempts = 0 }); // a worker that does not report attempts

        var retried = await RunProgress.ReadAsync(store, run, CancellationToken.None);
        var other = Run(StepStatus.Generating, candidates: 0);
        Assert.True(await store.TryCreateRunAsync(other));
        await store.AddUsageAsync(new UsageRecord { RunId = other.Id, Step = 0, Role = "task", Calls = 10, Attempts = 10 });
        var notRetried = await RunProgress.ReadAsync(store, other, CancellationToken.None);

        Assert.EndsWith(" · 17 calls, 0 tokens, $0.0000 · retries: 12", retried.Describe(), StringComparison.Ordinal);
        Assert.EndsWith(" · 17 calls · retries: 12", retried.DescribeCompact(), StringComparison.Ordinal);
        Assert.DoesNotContain("retries", notRetried.Describe() + notRetried.DescribeCompact(), StringComparison.Ordinal);
    }

    private static RunRecord Run(StepStatus step1, int candidates) => new()
    {
        Id = Guid.NewGuid(), Task = "navigate", Status = RunStatus.Running, TotalSteps = 3, CurrentStep = 1,
        Settings = new Contracts.RunSettings { DataPath = "/data" },
        Steps =
        [
            new StepRecord { Step = 0, Status = StepStatus.Completed },
            new StepRecord { Step = 1, Status = step1, EditBudget = 40, Candidates = [.. Enumerable.Range(0, candidates).Select(i => new CandidateRecord { Index = i, Prompt = $"prompt {i}" })] },
        ],
    };

    [Fact]
    public void When_a_step_scores_its_training_minibatch_Should_say_so_instead_of_counting_no_candidates()
    {
        var run = new RunRecord
        {
            Id = Guid.NewGuid(), Task = "navigate", Status = RunStatus.Running, TotalSteps = 3, CurrentStep = 1,
            Settings = new Contracts.RunSettings { DataPath = "/data", Method = "protegi" },
            Steps = [new StepRecord { Step = 0, Status = StepStatus.Completed }, new StepRecord { Step = 1, Status = StepStatus.ScoringMinibatch, MinibatchExamples = [.. Enumerable.Range(0, 64)] }],
        };

        var line = new RunProgress(run, 0, 4, 10, 100, 0).DescribeCompact();

        Assert.Contains("minibatch 64", line, StringComparison.Ordinal);
        Assert.DoesNotContain("0 cand.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_demo_is_piped_Should_print_a_line_for_every_step_and_the_test()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("demo", "--steps", "4", "--candidates", "1", "--max-dev", "4", "--max-test", "4", "--store", store.Path);

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        foreach (var step in Enumerable.Range(1, 4))
        {
            Assert.Contains($"step {step}/4 ·", result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("test evaluation ·", result.Stdout, StringComparison.Ordinal);
    }
}
