using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Selection;

/// <summary>
/// Greedy top-1 selection (spec §1.3.7, §4): the best-scoring candidate not picked at an earlier step;
/// if every candidate was picked before, the top one. No elitism: the result may score below p_cur.
/// Ties go to the lower candidate index — deterministic, unlike the code's set order (bug §8.6).
/// </summary>
public static class CandidateSelector
{
    /// <returns>The selected candidate, or null when the step produced no candidates.</returns>
    /// <param name="rule">Exact: "picked before" means the exact string (the paper profile); Loose ignores case and spacing.</param>
    public static ScoredCandidate? Select(IReadOnlyList<ScoredCandidate> candidates, Trajectory trajectory, DuplicateRule rule = DuplicateRule.Loose)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(trajectory);
        var ranked = candidates.OrderByDescending(c => c.DevScore).ThenBy(c => c.Index).ToList();
        Func<string, bool> picked = rule == DuplicateRule.Exact ? trajectory.WasPickedExactly : trajectory.WasPicked;
        return ranked.FirstOrDefault(c => !picked(c.Prompt)) ?? ranked.FirstOrDefault();
    }
}
