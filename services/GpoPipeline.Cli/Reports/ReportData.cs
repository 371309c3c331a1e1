using GpoPipeline.Optimization.Comparison;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Reports;

/// <summary>Everything a report shows, read from the store once.</summary>
public sealed record ReportData(RunRecord Run, IReadOnlyList<BatchScoreRecord> TestScores, IReadOnlyList<UsageRecord> Usage)
{
    public static async Task<ReportData> ReadAsync(IRunStore store, RunRecord run, CancellationToken cancellationToken)
    {
        var test = await store.GetBatchScoresAsync(run.Id, run.TotalSteps + 1, cancellationToken);
        var usage = await store.GetUsageAsync(run.Id, cancellationToken);
        return new ReportData(run, test, usage);
    }

    /// <summary>
    /// The candidate's test score with its 95 % bootstrap interval over its per-example scores: the same interval, with
    /// the same seed, as the web dashboard shows for the run (one implementation, in Optimization).
    /// </summary>
    public ScoreInterval? TestInterval(int candidate)
    {
        var batches = TestScores.Where(s => s.CandidateIndex == candidate).OrderBy(s => s.BatchIndex).ToList();
        // A batch recorded without its per-example scores cannot be resampled: no interval rather than a made-up one.
        return batches.Count == 0 || batches.Any(b => b.ExampleScores.Count != b.Total)
            ? null
            : BootstrapInterval.Of([.. batches.SelectMany(b => b.ExampleScores)], BootstrapInterval.DashboardSeed);
    }

    /// <summary>
    /// The test candidate of the best-dev prompt: test candidates are numbered by the trajectory step that first
    /// selected their prompt (TestEvaluationPlan), so the best prompt is found by its text, not as candidate 1.
    /// </summary>
    public int BestTestCandidate =>
        Run.Trajectory.FirstOrDefault(e => string.Equals(e.Prompt, Run.BestPrompt, StringComparison.Ordinal))?.Step ?? 0;

    public bool Simulated => Run.Settings.TaskModel?.StartsWith("sim-", StringComparison.Ordinal) == true;
}
