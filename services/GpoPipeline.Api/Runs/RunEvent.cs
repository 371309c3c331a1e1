namespace GpoPipeline.Api.Runs;

/// <summary>One server-sent event of a run's progress (from the bus), with the spend so far.</summary>
public sealed record RunEvent(
    string Kind, Guid RunId, int? Step, int? TotalSteps, double? DevScore, double? BestScore, string? Status, string? Detail, SpendResponse? Spend)
{
    public bool IsFinal => Kind is RunEventKinds.Completed or RunEventKinds.Failed;
}

public static class RunEventKinds
{
    public const string Snapshot = "snapshot";
    public const string StepStarted = "step-started";
    public const string StepCompleted = "step-completed";
    public const string Completed = "run-completed";
    public const string Failed = "run-failed";
    public const string CancelRequested = "cancel-requested";
}
