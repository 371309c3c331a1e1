using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Strategies.Search;

/// <summary>
/// ProTeGi's beam search (Pryzant et al. 2023, Algorithm 1; LMOps prompt_optimization/main.py: the expanded
/// candidates plus the old beam, sorted by score, top <c>beam_size</c> = 4). Ties keep the old beam first,
/// then the lower candidate index. The best of the new beam joins <see cref="SearchState.Path"/> when it changed.
/// </summary>
public sealed class BeamSelection(int width) : ISearchSelection
{
    public int Width { get; } = width >= 1 ? width : throw new ArgumentOutOfRangeException(nameof(width), width, "Beam width must be at least 1.");

    public string Describe() => $"beam of {Width} over the old beam and the new candidates";

    public SearchState Advance(SearchState state, IReadOnlyList<ScoredCandidate> scored, int step)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(scored);
        var pool = state.Beam.Concat(scored.OrderBy(c => c.Index).Select(c => new TrajectoryEntry(c.Prompt, c.DevScore, step)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var beam = pool.Where(e => seen.Add(PromptKey.Of(e.Prompt)))
            .OrderByDescending(e => e.DevScore) // stable: old beam, then candidates by index
            .Take(Width).ToList();
        var next = state.WithEvaluated(scored, step) with { Beam = beam };
        return state.Path.WasPicked(beam[0].Prompt) ? next : next with { Path = state.Path.Append(beam[0]) };
    }
}
