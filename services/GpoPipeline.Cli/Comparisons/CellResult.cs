using GpoPipeline.Optimization.Comparison;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>
/// One method on one task, as the report shows it. <see cref="Calls"/> are the optimizer and scorer calls the
/// optimization consumed (memoized answers included, so methods compare on equal terms); <see cref="PaidCalls"/>
/// and <see cref="Cost"/> are what was actually paid, test evaluation and embeddings included.
/// <see cref="MeanEditDistance"/> is the mean word edit of the prompts the run selected; <see cref="MeanCandidateEdit"/>
/// that of every candidate the optimizer generated (how large a method's edits are, whatever selection kept).
/// </summary>
public sealed record CellResult(
    string Task, string Suite, string Method, Guid RunId, string Status, int Steps, long CallBudget, long Calls, long OptimizerCalls, long ScorerCalls,
    long PaidCalls, double Cost, double? SeedTest, ScoreInterval? Test, double? BestDev, int? CallsToBest, double? MeanEditDistance,
    double? MeanCandidateEdit, string? BestPrompt,
    double? Paper);
