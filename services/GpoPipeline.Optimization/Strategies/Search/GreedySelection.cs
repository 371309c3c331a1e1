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
        var next = state.WithEvaluated(scored, step);
        if (CandidateSelector.Select(scored, state.Path) is not { } picked)
        {
            return next;
        }

        var entry = new TrajectoryEntry(picked.Prompt, picked.DevScore, step);
        return next with { Path = state.Path.Append(entry), Beam = [entry] };
    }
}
