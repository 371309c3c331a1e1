using System.Diagnostics.CodeAnalysis;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Whether the run store confirms a progress event before it is shown (a message on the bus is input too, as for
/// <see cref="RunEnds"/>): the run is running and holds the step (started), or holds it completed in its trajectory.
/// The scheduler stores a step before it announces it, so a confirmed event is never dropped for a race; a stale,
/// duplicated or forged one (a run that is over, a step it never reached) is.
/// </summary>
public static partial class RunSteps
{
    public static bool Started([NotNullWhen(true)] RunRecord? run, int step) =>
        run is { Status: RunStatus.Running } && run.Steps.Any(s => s.Step == step);

    public static bool Completed([NotNullWhen(true)] RunRecord? run, int step, [NotNullWhen(true)] out TrajectoryRecord? entry)
    {
        entry = run is { Status: RunStatus.Running } && run.Steps.Any(s => s.Step == step && s.Status == StepStatus.Completed)
            ? run.Trajectory.FirstOrDefault(t => t.Step == step)
            : null;
        return entry is not null;
    }

    public static void Ignored(ILogger logger, string progress, Guid runId, int step, RunRecord? run) =>
        LogIgnored(logger, progress, runId, step, run?.Status.ToString() ?? "not in the run store", run?.CurrentStep);

    [LoggerMessage(LogLevel.Warning, "RunProgressConsumer ignored {Progress} of step {Step} for run {RunId}: the run store shows the run {Status} at step {CurrentStep} (a stale, duplicated or forged message); nothing shown")]
    private static partial void LogIgnored(ILogger logger, string progress, Guid runId, int step, string status, int? currentStep);
}
