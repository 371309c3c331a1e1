using GpoPipeline.Optimization.Comparison;

namespace GpoPipeline.Optimization.Tests;

public class Comparison_Specs
{
    private static readonly double[] HalfRight = [.. Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 1.0 : 0.0)];

    [Fact]
    public void When_bootstrapping_with_the_same_seed_Should_give_the_same_interval() =>
        Assert.Equal(BootstrapInterval.Of(HalfRight, seed: 3), BootstrapInterval.Of(HalfRight, seed: 3));

    [Fact]
    public void When_bootstrapping_accuracy_of_one_half_over_400_examples_Should_be_about_two_standard_errors_wide()
    {
        var interval = BootstrapInterval.Of(HalfRight, seed: 1);
        Assert.Equal(0.5, interval.Mean);
        Assert.True(interval.Low < 0.5 && interval.High > 0.5);
        // Normal approximation: ±1.96·sqrt(0.25/400) = ±0.049.
        Assert.InRange(interval.High - interval.Low, 0.08, 0.12);
    }

    [Fact]
    public void When_every_example_scores_the_same_Should_have_no_width()
    {
        var interval = BootstrapInterval.Of([0.7, 0.7, 0.7], seed: 0);
        Assert.Equal(3, interval.Examples);
        Assert.All(new[] { interval.Mean, interval.Low, interval.High }, v => Assert.Equal(0.7, v, precision: 12));
    }

    [Fact]
    public void When_there_are_no_examples_Should_say_so() =>
        Assert.Contains("at least one scored example", Assert.Throws<ArgumentException>(() => BootstrapInterval.Of([], 0)).Message, StringComparison.Ordinal);

    [Fact]
    public void When_following_calls_Should_report_the_budget_at_which_the_best_was_first_reached()
    {
        (int, double)[] points = [(8, 0.40), (16, 0.55), (24, 0.50), (32, 0.55), (40, 0.52)];
        Assert.Equal([(8, 0.40), (16, 0.55), (24, 0.55), (32, 0.55), (40, 0.55)], CallCurve.RunningBest(points));
        Assert.Equal(16, CallCurve.CallsToBest(points));
        Assert.Null(CallCurve.CallsToBest([]));
    }

    [Fact]
    public void When_call_counts_go_backwards_Should_name_the_bad_point() =>
        Assert.Contains("got 8 after 16", Assert.Throws<ArgumentException>(() => CallCurve.RunningBest([(16, 0.1), (8, 0.2)])).Message, StringComparison.Ordinal);
}
