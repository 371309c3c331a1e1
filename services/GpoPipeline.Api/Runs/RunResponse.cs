using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Runs;

public sealed record TrajectoryEntryResponse(int Step, string Prompt, double DevScore, int? EditBudget, int? EditDistance);

/// <summary>A run's model usage; <c>memoHits</c>: calls not made because the store already held the answer.</summary>
public sealed record SpendResponse(long Calls, long CacheHits, long InputTokens, long OutputTokens, double Cost, long MemoHits = 0)
{
    public static SpendResponse From(IEnumerable<UsageRecord> usage)
    {
        var totals = RunTotals.From(usage);
        return new(totals.Calls, totals.CacheHits, totals.InputTokens, totals.OutputTokens, totals.Cost, totals.MemoHits);
    }
}

public sealed record BudgetResponse(double? MaxCost, long? MaxCalls, long? MaxTokens);

/// <summary>GET /v1/runs/{id}: trajectory, budgets, scores, spend, and the control-plane context of the run.</summary>
/// <param name="ScoreCheck">
/// A score check (the champion scored on the newest examples, no optimization step), as its submission records it.
/// Not read from <paramref name="TotalSteps"/>: that is 0 for every run the scheduler has not created (submitted, or
/// whose start failed) too.
/// </param>
/// <param name="Started">Whether the scheduler has created the run: false while it is only submitted, and for good when its
/// start failed (such a run cannot be resumed; a submitted one can be cancelled).</param>
public sealed record RunResponse(
    Guid Id, string? Task, string Status, int CurrentStep, int TotalSteps, string? Trigger, int? ChampionVersion, int? DatasetVersion,
    double? BestDevScore, double? BestTestScore, double? InitialTestScore, string? BestPrompt, string? FailureReason,
    BudgetResponse Budget, SpendResponse Spend, IReadOnlyList<TrajectoryEntryResponse> Trajectory, DateTime? CreatedAt, bool ScoreCheck, bool Started)
{
    public static RunResponse From(Guid id, RunRecord? run, SubmissionRecord? submission, IEnumerable<UsageRecord> usage) => new(
        id, run?.Task ?? submission?.Task, RunStatusNames.Of(run, submission), ShownStep(run), run?.TotalSteps ?? 0,
        submission?.Trigger, submission?.ChampionVersion, submission?.DatasetVersion,
        run?.BestDevScore, run?.BestTestScore, run?.InitialTestScore, run?.BestPrompt, run?.FailureReason ?? submission?.StartFailure,
        new BudgetResponse(run?.Settings.MaxCost, run?.Settings.MaxCalls, run?.Settings.MaxTokens), SpendResponse.From(usage),
        run?.Trajectory.Select(t => new TrajectoryEntryResponse(t.Step, t.Prompt, t.DevScore, t.EditBudget, t.EditDistance)).ToList() ?? [],
        run?.CreatedAt ?? submission?.SubmittedAt, submission?.ScoreCheck ?? false, run is not null);

    /// <summary>
    /// The step shown beside the total: never more than the total (a finished run's step counter goes one past the
    /// last optimization step while the test split is scored; the answer would read 4/3).
    /// </summary>
    public static int ShownStep(RunRecord? run) => run is null ? 0 : Math.Clamp(run.CurrentStep, 0, Math.Max(run.TotalSteps, 0));

    /// <summary>A step the run stopped while it was open (its run is not pending or running).</summary>
    public const string InterruptedStep = "Interrupted";

    /// <summary>
    /// A step's status as the answers show it. A run stopped (cancelled, failed, out of budget) while a step was open
    /// leaves that step Generating or Scoring in the store, so that a resume continues it; but nothing works on it until
    /// then, so it shows <see cref="InterruptedStep"/>, and its stored status again once the run is resumed.
    /// </summary>
    public static string ShownStepStatus(RunRecord run, StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        var open = step.Status is not (StepStatus.Completed or StepStatus.Failed);
        return open && run.Status is not (RunStatus.Pending or RunStatus.Running) ? InterruptedStep : step.Status.ToString();
    }
}

/// <summary>One row of GET /v1/runs (the dashboard's runs table: step k/T, spend, started, finished for the duration).</summary>
public sealed record RunSummaryResponse(
    Guid Id, string Task, string Status, string Trigger, int ChampionVersion, double? BestDevScore, DateTime SubmittedAt,
    int CurrentStep, int TotalSteps, SpendResponse Spend, DateTime? StartedAt, DateTime? FinishedAt)
{
    public static RunSummaryResponse From(SubmissionRecord submission, RunRecord? run, IEnumerable<UsageRecord> usage)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var over = run is not null && run.Status is not (RunStatus.Pending or RunStatus.Running);
        return new(submission.RunId, submission.Task, RunStatusNames.Of(run, submission), submission.Trigger, submission.ChampionVersion,
            run?.BestDevScore, submission.SubmittedAt, RunResponse.ShownStep(run), run?.TotalSteps ?? 0, SpendResponse.From(usage), run?.CreatedAt,
            over ? run!.UpdatedAt : null);
    }
}

public sealed record RunPageResponse(int Page, int PageSize, int Total, IReadOnlyList<RunSummaryResponse> Items);
