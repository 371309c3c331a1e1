using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// Keeps what an automatic trigger did on its task (<see cref="TaskRecord.LastTrigger"/>), so GET /v1/tasks/{task}
/// and the dashboard show a run it started or why it started none.
/// </summary>
public static partial class TriggerOutcomes
{
    private const int Attempts = 5;

    /// <summary>
    /// Records <paramref name="outcome"/> unless a later one is recorded already, together with what
    /// <paramref name="alsoChange"/> sets (true when it changed the task), in one compare-and-set that re-reads the
    /// task on a conflict. A task deleted meanwhile, or one with nothing left to change, is left alone; one that other
    /// writers changed under every attempt is left too, with a warning naming what was not recorded (what the trigger
    /// did stands: this is its record only).
    /// </summary>
    public static async Task RecordAsync(
        ControlPlaneStore store, string taskName, TriggerOutcome outcome, Func<TaskRecord, bool>? alsoChange, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(outcome);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var task = await store.GetTaskAsync(taskName, cancellationToken);
            if (task is null)
            {
                return;
            }

            var changed = alsoChange?.Invoke(task) ?? false;
            if (task.LastTrigger is null || task.LastTrigger.At <= outcome.At)
            {
                task.LastTrigger = outcome;
                changed = true;
            }

            if (!changed || await store.TryUpdateTaskAsync(task, cancellationToken))
            {
                return;
            }
        }

        LogNotRecorded(logger, outcome.Trigger, taskName, Attempts, outcome.RunId is { } run ? $"started run {run}" : $"started none: {outcome.SkipReason}");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "What the {Trigger} trigger did on task {Task} is not recorded on it (lastTrigger): other writers changed the task under all {Attempts} attempts; it did: {Did}")]
    private static partial void LogNotRecorded(ILogger logger, string trigger, string task, int attempts, string did);
}
