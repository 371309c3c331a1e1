using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>The <c>gpo.run.status</c> value of a finished run, as spans, logs and metrics spell it.</summary>
public static class RunOutcome
{
    public static string Of(RunStatus status) => status switch
    {
        RunStatus.Completed => "completed",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        RunStatus.StoppedBudget => "stopped_budget",
        _ => status.ToString().ToLowerInvariant(),
    };
}
