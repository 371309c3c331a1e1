using GpoPipeline.Api.Triggers;

namespace GpoPipeline.Api.Tests;

/// <summary>The score-drop decision, without a bus or a store (the reference it is measured against: ChampionReferenceScore_Specs).</summary>
public sealed class ScoreDropRule_Specs
{
    [Theory]
    [InlineData(80, 60, 10, true)]
    [InlineData(80, 70, 10, false)] // exactly the threshold: "more than" is not met
    [InlineData(80, 90, 10, false)]
    public void When_the_champion_is_scored_on_new_examples_Should_drop_only_beyond_the_threshold(double reference, double observed, double threshold, bool dropped)
    {
        var verdict = new ScoreDropVerdict(observed, reference, threshold, 40);

        Assert.Equal(dropped, verdict.Dropped);
        Assert.Equal(reference - observed, verdict.Drop);
    }

    [Fact]
    public void When_scores_of_example_fractions_differ_by_exactly_the_threshold_Should_not_drop()
    {
        // As the checks score them: 28 of 50 newest examples right, later 23 of 50, in points.
        var verdict = new ScoreDropVerdict(100 * (23 / 50.0), 100 * (28 / 50.0), 10, 50);

        Assert.False(verdict.Dropped, verdict.Describe(1));
        Assert.True(new ScoreDropVerdict(100 * (22 / 50.0), 100 * (28 / 50.0), 10, 50).Dropped);
    }

    [Fact]
    public void When_the_champion_has_no_recorded_score_Should_not_drop_and_say_this_is_its_reference()
    {
        var verdict = new ScoreDropVerdict(10, null, 5, 40);

        Assert.False(verdict.Dropped);
        Assert.Contains("this is its reference", verdict.Describe(1), StringComparison.Ordinal);
    }
}
