using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// Whether a step's retrieval gets its one embedding call: when an entry has no vector of the model that embedded
/// the trajectory's newest vector. The scheduler cannot know which model the workers use now; the newest stored vector
/// is its best guess, and a worker that finds another model re-embeds every entry in the call (so one reply leaves the
/// trajectory of one model again). A worker redeployed while every entry had a vector finds no call reserved and
/// ranks lexically for that one step: the step appends an entry without a vector, so the next step reserves the call.
/// </summary>
public static class EmbeddingReservation
{
    public static int Calls(IReadOnlyList<TrajectoryRecord> trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var newest = trajectory.LastOrDefault(t => t.Embedding is not null)?.EmbeddingModel;
        return trajectory.Any(t => t.Embedding is null || t.EmbeddingModel is null || !string.Equals(t.EmbeddingModel, newest, StringComparison.Ordinal)) ? 1 : 0;
    }
}
