using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// Whether a step's retrieval gets its one embedding call: when a prompt of the trajectory has no vector of the
/// identity of the trajectory's newest vector, identity being (model name, dimension). The scheduler cannot know which
/// model, or which output dimension of it, the workers use now; the newest stored vector is its best guess, and a
/// worker that finds another identity re-embeds every such entry in the call (so one reply leaves the trajectory of
/// one identity again). A worker redeployed while every entry had a vector finds no call reserved and ranks lexically
/// for that one step: the step appends an entry without a vector, so the next step reserves the call.
/// A vector belongs to its prompt's text, not to its entry: GPO's trajectory can hold one prompt twice (a step that
/// keeps its current prompt, or a selection that picks an earlier one again), the worker embeds each text once and
/// looks vectors up by text, so a repeat is covered by its text's vector. Counting entries instead reserved a call
/// every later step that the worker, finding nothing to embed, never spent.
/// </summary>
public static class EmbeddingReservation
{
    public static int Calls(IReadOnlyList<TrajectoryRecord> trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var newest = trajectory.LastOrDefault(t => t.Embedding is not null);
        var covered = trajectory
            .Where(t => newest?.EmbeddingModel is not null && SameIdentity(t, newest.EmbeddingModel, newest.Embedding!.Length))
            .Select(t => t.Prompt)
            .ToHashSet(StringComparer.Ordinal);
        return trajectory.Any(t => !covered.Contains(t.Prompt)) ? 1 : 0;
    }

    private static bool SameIdentity(TrajectoryRecord entry, string model, int dimensions) =>
        entry.Embedding?.Length == dimensions && string.Equals(entry.EmbeddingModel, model, StringComparison.Ordinal);
}
