using GpoPipeline.Optimization.Selection;

namespace GpoPipeline.Optimization.Strategies.Search;

/// <summary>How a step's scored candidates change the state: which prompts the next step refines.</summary>
public interface ISearchSelection
{
    string Describe();

    SearchState Advance(SearchState state, IReadOnlyList<ScoredCandidate> scored, int step);
}
