using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// Keeps what an automatic trigger did on its task (<see cref="TaskRecord.LastTrigger"/>), so GET /v1/tasks/{task}
/// and the dashboard show a run it started or why it started none.
/// </summary>
public static class TriggerOutcomes
{
    /// <summary>
    /// Records <paramref name="outcome"/> unless a later one is recorded already, together with what
    /// <paramref name="alsoChange"/> sets (true when it changed the task), in one compare-and-set that re-reads the
    /// task on a conflict. A task deleted meanwhile, or one with nothing left to change, is left alone.
    /// </summary>
    public static async Task RecordAsync(
        ControlPlaneStore store, string taskName, TriggerOutcome outcome, Func<TaskRecord, bool>? alsoChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(outcome);
        for (var attempt = 0; attempt < 5; attempt++)
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
    }
}
