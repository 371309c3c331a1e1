using GpoPipeline.Api.Runs;
using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Comparison;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Api.Dashboard;

/// <summary>
/// Builds the run page's data from a run document, its usage counters and its test-step batch scores. Pure: the
/// endpoint reads, this decides, so the over-budget marks, diffs and intervals have specs without a host.
/// </summary>
public static class RunStepsView
{
    /// <summary>Fixed, so the interval a page shows is the same on every load (the CLI report uses its own seed).</summary>
    public const long BootstrapSeed = BootstrapInterval.DashboardSeed;

    public static RunStepsResponse From(RunRecord run, IReadOnlyList<UsageRecord> usage, IReadOnlyList<BatchScoreRecord> testScores, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(testScores);
        ArgumentNullException.ThrowIfNull(options);
        var selected = run.Trajectory.ToDictionary(t => t.Step);
        var steps = new List<StepViewResponse>();
        foreach (var step in run.Steps.OrderBy(s => s.Step))
        {
            selected.TryGetValue(step.Step, out var entry);
            var previous = run.Trajectory.LastOrDefault(t => t.Step < step.Step)?.Prompt;
            var distance = entry?.EditDistance;
            var budget = entry?.EditBudget ?? step.EditBudget;
            steps.Add(new StepViewResponse(
                step.Step, step.Kind.ToString(), RunResponse.ShownStepStatus(run, step), budget, entry?.Prompt, entry?.DevScore, distance,
                OverBudget: step.Kind == StepKind.Optimize && distance is { } d && budget is { } b && d > b,
                Diff: entry is null ? [] : previous is null ? [new DiffSegment(DiffSegment.Same, entry.Prompt)] : WordDiff.Between(previous, entry.Prompt),
                step.Candidates.Select(c => new CandidateViewResponse(
                    c.Index, c.Prompt, c.DevScore, c.EditDistance, c.WithinBudget, entry?.CandidateIndex == c.Index && step.Kind == StepKind.Optimize)).ToList(),
                step.Rejections,
                SpendResponse.From(usage.Where(u => u.Step == step.Step)),
                step.TraceId, options.TraceUrl(step.TraceId), step.StartedAt, step.CompletedAt));
        }

        return new RunStepsResponse(
            run.Id, run.Task, run.Status.ToString(), RunResponse.ShownStep(run), run.TotalSteps, run.Trajectory.FirstOrDefault(t => t.Step == 0)?.DevScore,
            run.BestDevScore, Test(run, testScores), steps);
    }

    private static TestComparisonResponse? Test(RunRecord run, IReadOnlyList<BatchScoreRecord> testScores)
    {
        var test = run.Steps.FirstOrDefault(s => s.Kind == StepKind.Test);
        if (test is null || test.Status != StepStatus.Completed)
        {
            return null;
        }

        // Test candidates are indexed by the trajectory step that first selected their prompt: 0 is the seed; the
        // best-dev prompt is found by its text (the paper profile also tests every other selected prompt).
        var initial = Interval(testScores, test.Step, 0);
        var best = test.Candidates.FirstOrDefault(c => c.Index != 0 && c.Prompt == run.BestPrompt);
        return initial is null ? null : new TestComparisonResponse(initial, best is null ? initial : Interval(testScores, test.Step, best.Index));
    }

    private static IntervalResponse? Interval(IReadOnlyList<BatchScoreRecord> scores, int step, int candidate)
    {
        var examples = scores.Where(s => s.Step == step && s.Split == "test" && s.CandidateIndex == candidate)
            .OrderBy(s => s.BatchIndex).SelectMany(s => s.ExampleScores).ToList();
        if (examples.Count == 0)
        {
            return null;
        }

        var interval = BootstrapInterval.Of(examples, BootstrapSeed);
        return new IntervalResponse(interval.Mean, interval.Low, interval.High, interval.Examples);
    }
}
