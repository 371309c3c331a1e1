using System.Diagnostics.CodeAnalysis;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Whether the run store confirms a run-end event before the control plane acts on it (a message on the bus is input
/// too). The scheduler writes a run's final status before it announces it (RunDriver, WorkDispatcher), so an event
/// whose run the store does not show ended that way — still running, ended otherwise, resumed since, or not in the
/// store at all (the scheduler creates even a run it refuses before it says so) — is stale, duplicated from elsewhere
/// or forged. Acting on it decided a running run's challenge, freed its task's slot and ended its followers' streams.
/// </summary>
public static partial class RunEnds
{
    /// <summary>Published for both outcomes that keep results: completed, and stopped on budget.</summary>
    public static bool Confirms([NotNullWhen(true)] RunRecord? run, RunCompleted _) => run?.Status is RunStatus.Completed or RunStatus.StoppedBudget;

    public static bool Confirms([NotNullWhen(true)] RunRecord? run, RunFailed _) => run?.Status is RunStatus.Failed;

    public static bool Confirms([NotNullWhen(true)] RunRecord? run, RunCancelled _) => run?.Status is RunStatus.Cancelled;

    /// <summary>One warning per event ignored, saying what the store shows instead: an operator sees stray traffic.</summary>
    public static void Ignored(ILogger logger, string consumer, string runEnd, Guid runId, RunRecord? run) =>
        LogIgnored(logger, consumer, runEnd, runId, run?.Status.ToString() ?? "not in the run store");

    [LoggerMessage(LogLevel.Warning, "{Consumer} ignored {RunEnd} for run {RunId}: the run store shows the run {Status}, not ended so (a stale, duplicated or forged message); nothing changed")]
    private static partial void LogIgnored(ILogger logger, string consumer, string runEnd, Guid runId, string status);
}
