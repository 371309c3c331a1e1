using System.ComponentModel;
using GpoPipeline.Api.Runs;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Api.Dashboard;

/// <summary>GET /v1/runs/{id}/steps: what the dashboard's run page draws, computed once on the server.</summary>
public sealed record RunStepsResponse(
    Guid Id, string Task, string Status, int CurrentStep, int TotalSteps, double? BaselineDevScore, double? BestDevScore,
    TestComparisonResponse? Test, IReadOnlyList<StepViewResponse> Steps);

/// <param name="Selected">The prompt the step appended to the trajectory (null while it runs, and for the test step).</param>
/// <param name="OverBudget">The selected prompt changed more words than the step's edit budget allowed.</param>
/// <param name="Diff">The selected prompt against the previous step's, word by word.</param>
public sealed record StepViewResponse(
    int Step, string Kind,
    [property: Description($"{nameof(StepStatus.ScoringMinibatch)}, {nameof(StepStatus.Generating)}, {nameof(StepStatus.Scoring)}, "
        + $"{nameof(StepStatus.Completed)} or {nameof(StepStatus.Failed)}; {RunResponse.InterruptedStep}: the run stopped (cancelled, failed, "
        + "out of budget) while this step was open, and a resume continues it.")] string Status,
    int? EditBudget, string? Selected, double? DevScore, int? EditDistance, bool OverBudget,
    IReadOnlyList<DiffSegment> Diff, IReadOnlyList<CandidateViewResponse> Candidates, IReadOnlyList<string> Rejections,
    SpendResponse Spend, string? TraceId, string? TraceUrl, DateTime StartedAt, DateTime? CompletedAt);

public sealed record CandidateViewResponse(int Index, string Prompt, double? DevScore, int EditDistance, bool WithinBudget, bool Selected);

/// <summary>Test score (0–1) of the initial and the best-dev prompt, each with its 95 % percentile-bootstrap interval.</summary>
public sealed record TestComparisonResponse(IntervalResponse Initial, IntervalResponse? Best);

public sealed record IntervalResponse(double Mean, double Low, double High, int Examples);
