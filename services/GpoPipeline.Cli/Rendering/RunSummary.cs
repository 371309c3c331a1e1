using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Rendering;

/// <summary>The outcome of a run as `gpo` prints it (table or --json).</summary>
public sealed record RunSummary(
    Guid RunId,
    string Status,
    string Task,
    string InitialPrompt,
    string BestPrompt,
    double? InitialDevScore,
    double? BestDevScore,
    double? InitialTestScore,
    double? BestTestScore,
    long Calls,
    long CacheHits,
    long MemoHits,
    long Tokens,
    double Cost,
    string? Reason,
    string? Report)
{
    public static async Task<RunSummary> ReadAsync(IRunStore store, RunRecord run, string? report, CancellationToken cancellationToken)
    {
        var totals = RunTotals.From(await store.GetUsageAsync(run.Id, cancellationToken));
        return new RunSummary(
            run.Id, StatusText(run.Status), run.Task, run.Settings.InitialPrompt, run.BestPrompt ?? run.Settings.InitialPrompt,
            run.Trajectory.FirstOrDefault()?.DevScore, run.BestDevScore, run.InitialTestScore, run.BestTestScore,
            totals.Calls, totals.CacheHits, totals.MemoHits, totals.Tokens, totals.Cost,
            run.FailureReason, report);
    }

    public static string StatusText(RunStatus status) => status switch
    {
        RunStatus.StoppedBudget => "stopped: budget",
        _ => status.ToString().ToLowerInvariant(),
    };

    public int ExitCode => Status switch
    {
        "completed" => ExitCodes.Ok,
        "stopped: budget" => ExitCodes.BudgetExhausted,
        "cancelled" => ExitCodes.Cancelled,
        _ => ExitCodes.RunFailed,
    };
}
