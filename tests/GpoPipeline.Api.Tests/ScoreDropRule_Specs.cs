using GpoPipeline.Api.Triggers;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tests;

/// <summary>The score-drop decision and the reference it is measured against, without a bus or a store.</summary>
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

    [Fact]
    public void When_a_run_promoted_the_champion_Should_check_against_its_held_out_score()
    {
        var champion = new ChampionVersionRecord { Number = 2, HeldOutScore = 77 };

        Assert.Equal(77, ChampionReferenceScore.Of(champion, [Decision(2, 50, 1)]));
    }

    [Fact]
    public void When_the_champion_was_only_scored_by_checks_Should_check_against_its_first_score_not_the_latest()
    {
        var champion = new ChampionVersionRecord { Number = 1 };
        List<DecisionRecord> decisions = [Decision(1, 70, 2), Decision(1, 80, 1), Decision(2, 10, 0), new() { ChampionVersion = 1, DecidedAt = At(0) }];

        Assert.Equal(80, ChampionReferenceScore.Of(champion, decisions));
        Assert.Null(ChampionReferenceScore.Of(new ChampionVersionRecord { Number = 3 }, decisions));
    }

    private static DecisionRecord Decision(int version, double score, int minute) => new() { ChampionVersion = version, ChampionScore = score, DecidedAt = At(minute) };

    private static DateTime At(int minute) => new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc).AddMinutes(minute);
}
