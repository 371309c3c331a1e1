using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// The score a champion is checked against: its held-out score when a run promoted it, otherwise the first score
/// recorded for its version (a kept decision's champion score, or its first score check). The first, not the
/// latest: a slow decline checked against the latest score would never cross the threshold.
/// </summary>
public static class ChampionReferenceScore
{
    /// <remarks>Reads that one decision, not the task's history (every decision was read at each check).</remarks>
    public static async Task<double?> OfAsync(ControlPlaneStore store, ChampionVersionRecord champion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(champion);
        return champion.HeldOutScore
            ?? (await store.GetFirstScoredDecisionAsync(champion.Task, champion.Number, cancellationToken))?.ChampionScore;
    }
}
