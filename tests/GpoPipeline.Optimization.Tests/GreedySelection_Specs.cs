using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Strategies.Search;

namespace GpoPipeline.Optimization.Tests;

/// <summary>
/// A repeat of a prompt scored at an earlier step competes with its cached score, as the official
/// instruction_score_dict[ins] gives it (optimize.py 856-866): a dictionary keyed by the exact text.
/// </summary>
public sealed class GreedySelection_Specs
{
    private static readonly GreedySelection Selection = new();

    [Fact]
    public void When_a_candidate_repeats_a_prompt_scored_before_Should_compete_with_its_cached_score()
    {
        var state = Selection.Advance(SearchState.Start("seed", 0.5), [new ScoredCandidate(0, "answer the question.", 0.4), new ScoredCandidate(1, "first pick", 0.45)], 1);

        var next = Selection.Advance(state, [new ScoredCandidate(0, "answer the question.", 0.9), new ScoredCandidate(1, "new", 0.6)], 2);

        Assert.Equal(("new", 0.6), (next.Path.Current.Prompt, next.Path.Current.DevScore)); // 0.4 cached, not 0.9
    }

    [Fact]
    public void When_a_candidate_differs_from_a_prompt_scored_before_only_in_case_or_spacing_Should_compete_with_its_own_score()
    {
        var state = Selection.Advance(SearchState.Start("seed", 0.5), [new ScoredCandidate(0, "answer the question.", 0.4), new ScoredCandidate(1, "first pick", 0.45)], 1);

        var next = Selection.Advance(state, [new ScoredCandidate(0, "Answer the  QUESTION.", 0.7), new ScoredCandidate(1, "new", 0.6)], 2);

        Assert.Equal(("Answer the  QUESTION.", 0.7), (next.Path.Current.Prompt, next.Path.Current.DevScore));
    }
}
