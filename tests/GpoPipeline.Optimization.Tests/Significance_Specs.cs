using GpoPipeline.Optimization.Significance;

namespace GpoPipeline.Optimization.Tests;

/// <summary>The champion/challenger tests against values computed by hand (binomial sums over 2^n).</summary>
public sealed class Significance_Specs
{
    [Theory]
    // b = 1, c = 9: 2 · (C(10,0) + C(10,1)) / 2^10 = 22 / 1024
    [InlineData(1, 9, 22.0 / 1024)]
    [InlineData(9, 1, 22.0 / 1024)]
    // b = 0, c = 6: 2 / 64; b = 0, c = 5: 2 / 32 (just not significant at 0.05)
    [InlineData(0, 6, 2.0 / 64)]
    [InlineData(0, 5, 2.0 / 32)]
    // b = 2, c = 8: 2 · (1 + 10 + 45) / 1024
    [InlineData(2, 8, 112.0 / 1024)]
    // balanced: 2 · P(X ≤ 5 | 10) > 1, capped
    [InlineData(5, 5, 1.0)]
    [InlineData(0, 0, 1.0)]
    public void When_discordant_pairs_are_counted_Should_give_the_exact_two_sided_McNemar_p(int championOnly, int challengerOnly, double expected)
    {
        Assert.Equal(expected, ExactMcNemar.TwoSidedP(championOnly, challengerOnly), 12);
    }

    [Fact]
    public void When_there_are_thousands_of_discordant_pairs_Should_not_underflow()
    {
        // Normal approximation: z = (700 − 600) / √1300 ≈ 2.77, two-sided p ≈ 0.0056.
        var p = ExactMcNemar.TwoSidedP(600, 700);
        Assert.InRange(p, 0.004, 0.008);
    }

    [Fact]
    public void When_half_the_differences_are_zero_Should_give_the_bootstrap_p_of_a_quarter_per_side()
    {
        // d = [1, 0]: a resample's sum is ≤ 0 only when both draws are the 0 (probability 1/4); it is always ≥ 0.
        var p = PairedBootstrap.TwoSidedP([0.0, 0.0], [1.0, 0.0], resamples: 20_000, seed: 3);
        Assert.InRange(p, 0.47, 0.53);
    }

    [Fact]
    public void When_every_pair_is_equal_Should_give_p_one()
    {
        Assert.Equal(1.0, PairedBootstrap.TwoSidedP([0.3, 0.5, 0.7], [0.3, 0.5, 0.7]));
    }

    [Fact]
    public void When_every_difference_is_positive_Should_give_the_smallest_p_the_resamples_allow()
    {
        var p = PairedBootstrap.TwoSidedP([0.1, 0.2, 0.3], [0.4, 0.5, 0.6], resamples: 999);
        Assert.Equal(2.0 / 1000, p, 12);
    }

    [Fact]
    public void When_the_challenger_wins_nine_discordant_pairs_of_ten_Should_promote_with_McNemar()
    {
        var (champion, challenger) = Pairs(championOnly: 1, challengerOnly: 9, bothRight: 10, bothWrong: 20);
        var result = PairedComparison.Compare(champion, challenger, alpha: 0.05, minimumEffectPoints: 1);
        Assert.Equal(PairedComparison.McNemarTest, result.Test);
        Assert.Equal(40, result.ExampleCount);
        Assert.Equal(27.5, result.ChampionScore, 9);
        Assert.Equal(47.5, result.ChallengerScore, 9);
        Assert.Equal(22.0 / 1024, result.PValue, 12);
        Assert.True(result.Promote, result.Reason);
    }

    [Fact]
    public void When_the_effect_is_below_the_minimum_Should_keep_the_champion_and_say_so()
    {
        var (champion, challenger) = Pairs(championOnly: 1, challengerOnly: 9, bothRight: 10, bothWrong: 20);
        var result = PairedComparison.Compare(champion, challenger, alpha: 0.05, minimumEffectPoints: 25);
        Assert.False(result.Promote);
        Assert.Contains("below the minimum", result.Reason);
    }

    [Fact]
    public void When_the_difference_is_not_significant_Should_keep_the_champion_with_the_p_value()
    {
        var (champion, challenger) = Pairs(championOnly: 0, challengerOnly: 5, bothRight: 5, bothWrong: 5);
        var result = PairedComparison.Compare(champion, challenger, alpha: 0.05, minimumEffectPoints: 1);
        Assert.False(result.Promote);
        Assert.Equal(0.0625, result.PValue, 12);
        Assert.Contains("not significant", result.Reason);
    }

    [Fact]
    public void When_scores_are_graded_Should_use_the_paired_bootstrap()
    {
        double[] champion = [0.2, 0.4, 0.5, 0.3, 0.6, 0.1, 0.4, 0.5];
        double[] challenger = [0.7, 0.8, 0.9, 0.6, 0.9, 0.5, 0.8, 0.9];
        var result = PairedComparison.Compare(champion, challenger, alpha: 0.05, minimumEffectPoints: 1);
        Assert.Equal(PairedComparison.BootstrapTest, result.Test);
        Assert.True(result.Promote, result.Reason);
    }

    private static (double[] Champion, double[] Challenger) Pairs(int championOnly, int challengerOnly, int bothRight, int bothWrong)
    {
        var champion = new List<double>();
        var challenger = new List<double>();
        void Add(int count, double a, double b)
        {
            for (var i = 0; i < count; i++)
            {
                champion.Add(a);
                challenger.Add(b);
            }
        }

        Add(championOnly, 1, 0);
        Add(challengerOnly, 0, 1);
        Add(bothRight, 1, 1);
        Add(bothWrong, 0, 0);
        return ([.. champion], [.. challenger]);
    }
}
