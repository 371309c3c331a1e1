using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Strategies.Search;

/// <summary>
/// GPO's selection (spec §1.3.7): the best candidate not picked before becomes the current prompt, even when
/// it scores below the old one. Delegates to <see cref="CandidateSelector"/>; the GPO framework used the same
/// rule for every baseline (spec §7).
/// </summary>
public sealed class GreedySelection : ISearchSelection
{
    public string Describe() => "greedy top-1, no elitism";

    public SearchState Advance(SearchState state, IReadOnlyList<ScoredCandidate> scored, int step)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(scored);
        // A repeat of a prompt scored at an earlier step competes with its cached score, as in the official
        // optimize.py 856-866 (instruction_score_dict[ins]), not with a new scoring. Keyed by the exact text, as that
        // dictionary is: a prompt differing only in case or spacing is another prompt, scored as itself.
        var cached = state.Evaluated.GroupBy(e => e.Prompt, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().DevScore, StringComparer.Ordinal);
        scored = [.. scored.Select(c => cached.TryGetValue(c.Prompt, out var known) ? c with { DevScore = known } : c)];
        var next = state.WithEvaluated(scored, step);
        if (CandidateSelector.Select(scored, state.Path) is not { } picked)
        {
            return next;
        }

        var entry = new TrajectoryEntry(picked.Prompt, picked.DevScore, step);
        return next with { Path = state.Path.Append(entry), Beam = [entry] };
    }
}
