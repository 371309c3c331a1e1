using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// The score a champion is checked against: its held-out score when a run promoted it, otherwise the first score
/// recorded for its version (a kept decision's champion score, or its first score check). The first, not the
/// latest: a slow decline checked against the latest score would never cross the threshold.
/// </summary>
public static class ChampionReferenceScore
{
    public static double? Of(ChampionVersionRecord champion, IEnumerable<DecisionRecord> decisions)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(decisions);
        return champion.HeldOutScore ?? decisions
            .Where(d => d.ChampionVersion == champion.Number && d.ChampionScore is not null)
            .OrderBy(d => d.DecidedAt)
            .Select(d => d.ChampionScore)
            .FirstOrDefault();
    }
}
