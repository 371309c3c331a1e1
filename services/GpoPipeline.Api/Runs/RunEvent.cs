namespace GpoPipeline.Api.Runs;

/// <summary>One server-sent event of a run's progress (from the bus), with the spend so far.</summary>
public sealed record RunEvent(
    string Kind, Guid RunId, int? Step, int? TotalSteps, double? DevScore, double? BestScore, string? Status, string? Detail, SpendResponse? Spend)
{
    /// <summary>
    /// The end of a run's stream; a run the control plane started ends with its decision instead. A cancelled run is
    /// never decided (the decision reads a completed or failed run), so its cancel ends the stream either way.
    /// </summary>
    public bool IsFinal(bool decided) =>
        Kind is RunEventKinds.Failed or RunEventKinds.Decided or RunEventKinds.Cancelled || (Kind == RunEventKinds.Completed && !decided);
}

public static class RunEventKinds
{
    public const string Snapshot = "snapshot";
    public const string StepStarted = "step-started";
    public const string StepCompleted = "step-completed";
    public const string Completed = "run-completed";
    public const string Failed = "run-failed";

    /// <summary>The cancel took effect: the run stopped (resumable); its stream ends.</summary>
    public const string Cancelled = "run-cancelled";

    /// <summary>The control plane's decision about the run is recorded (promoted, kept, a score check's verdict).</summary>
    public const string Decided = "run-decided";
    public const string CancelRequested = "cancel-requested";
}
