using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Tests;

public class CandidateSelector_Specs
{
    private static readonly Trajectory History = Trajectory.Start("Let's think step by step.", 0.5)
        .Append(new TrajectoryEntry("Count each item.", 0.6, 1));

    [Fact]
    public void When_the_best_candidate_is_new_Should_take_it()
    {
        ScoredCandidate[] candidates = [new(0, "A", 0.4), new(1, "B", 0.7), new(2, "C", 0.6)];
        Assert.Equal("B", CandidateSelector.Select(candidates, History)!.Prompt);
    }

    [Fact]
    public void When_the_best_candidate_was_picked_before_Should_take_the_best_new_one_even_if_worse()
    {
        ScoredCandidate[] candidates = [new(0, "count each item.", 0.9), new(1, "B", 0.2)];
        Assert.Equal("B", CandidateSelector.Select(candidates, History)!.Prompt);
    }

    [Fact]
    public void When_every_candidate_was_picked_before_Should_take_the_top_one()
    {
        ScoredCandidate[] candidates = [new(0, "Let's think step by step.", 0.3), new(1, "Count each item.", 0.8)];
        Assert.Equal(1, CandidateSelector.Select(candidates, History)!.Index);
    }

    [Fact]
    public void When_scores_tie_Should_prefer_the_earlier_candidate_index()
    {
        ScoredCandidate[] candidates = [new(3, "D", 0.7), new(1, "B", 0.7), new(2, "C", 0.7)];
        Assert.Equal(1, CandidateSelector.Select(candidates, History)!.Index);
    }

    [Fact]
    public void When_there_are_no_candidates_Should_return_null() =>
        Assert.Null(CandidateSelector.Select([], History));
}
