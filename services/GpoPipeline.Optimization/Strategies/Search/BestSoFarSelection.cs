using GpoPipeline.Optimization.Selection;

namespace GpoPipeline.Optimization.Strategies.Search;

/// <summary>
/// Elitist selection: the next step refines the best prompt scored so far. APE's iterative Monte Carlo search
/// resamples around the highest-scoring instructions (Zhou et al. 2023, §3.3); OPRO keeps every scored
/// prompt in its trajectory and reports the best (Yang et al. 2024, §2), so the beam is only for reporting there.
/// </summary>
public sealed class BestSoFarSelection : ISearchSelection
{
    public string Describe() => "best prompt scored so far (elitist)";

    public SearchState Advance(SearchState state, IReadOnlyList<ScoredCandidate> scored, int step)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = state.WithEvaluated(scored, step);
        var best = next.Best;
        next = next with { Beam = [best] };
        return state.Path.WasPicked(best.Prompt) ? next : next with { Path = state.Path.Append(best) };
    }
}
