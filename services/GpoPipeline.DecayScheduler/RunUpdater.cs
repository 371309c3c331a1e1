using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>Compare-and-set loop over the run document: the only way the scheduler changes a run (DESIGN §2).</summary>
public sealed class RunUpdater(IRunStore store, TimeProvider clock)
{
    private const int MaxAttempts = 50;

    /// <summary>
    /// Applies <paramref name="change"/> to the freshest copy of the run until the write wins.
    /// <paramref name="change"/> returns false to leave the run as it is (nothing to do).
    /// </summary>
    /// <returns>The stored run and whether this call changed it; null run when it does not exist.</returns>
    public async Task<(RunRecord? Run, bool Changed)> UpdateAsync(Guid runId, Func<RunRecord, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var run = await store.GetRunAsync(runId, cancellationToken);
            if (run is null || !change(run))
            {
                return (run, false);
            }

            run.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            if (await store.TryUpdateRunAsync(run, cancellationToken))
            {
                return (run, true);
            }
        }

        throw new InvalidOperationException($"Run {runId} changed {MaxAttempts} times while updating it; giving up this delivery.");
    }
}
