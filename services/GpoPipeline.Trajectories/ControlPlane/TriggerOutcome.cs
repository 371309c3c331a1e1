namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>
/// What a task's last automatic trigger (its schedule or its data trigger) did: the run it started, or why it started
/// none — a run already in progress, the daily budget spent, no data. Kept on the task so an operator sees a skipped
/// re-optimization without reading the logs.
/// </summary>
public sealed class TriggerOutcome
{
    /// <summary>The trigger as the run it starts records it (<see cref="SubmissionRecord.Trigger"/>), e.g. "schedule (2026-12-04T10:00Z)".</summary>
    public string Trigger { get; set; } = "";

    /// <summary>When it fired (UTC).</summary>
    public DateTime At { get; set; }

    /// <summary>The run it started; null when it started none.</summary>
    public Guid? RunId { get; set; }

    /// <summary>Why it started no run (what a manual start would have been refused with); null when it started one.</summary>
    public string? SkipReason { get; set; }

    public static TriggerOutcome Started(string trigger, DateTime at, Guid runId) => new() { Trigger = trigger, At = at, RunId = runId };

    public static TriggerOutcome Skipped(string trigger, DateTime at, string reason) => new() { Trigger = trigger, At = at, SkipReason = reason };
}
