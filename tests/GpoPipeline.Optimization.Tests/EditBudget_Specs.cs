using GpoPipeline.Optimization.Budget;

namespace GpoPipeline.Optimization.Tests;

public class EditBudget_Specs
{
    private static int?[] Schedule(EditBudgetOptions options, int steps) =>
        Enumerable.Range(1, steps).Select(s => EditBudget.For(options, trajectoryLength: s, steps)).ToArray();

    // Spec §3.2 table (s = len(trajectory) runs 1..T).
    [Theory]
    [InlineData(18, new[] { 49, 48, 47, 45, 42, 40, 36, 33, 30, 26, 23, 20, 17, 14, 12, 11, 10, 10 })]
    [InlineData(9, new[] { 48, 45, 40, 33, 26, 20, 14, 11, 10 })]
    [InlineData(12, new[] { 49, 47, 44, 40, 35, 30, 24, 20, 15, 12, 10, 10 })]
    public void When_cosine_decay_runs_T_steps_Should_reproduce_the_spec_table(int steps, int[] expected) =>
        Assert.Equal(expected.Select(x => (int?)x), Schedule(new EditBudgetOptions(), steps));

    public static TheoryData<int> TotalSteps1To60 => [.. Enumerable.Range(1, 60)];

    // Issue 15 point 1: the official code computes cos(π·(s/T)) (consine.py lines 22-24); the expected values are
    // generated from that formula (Support/OfficialCosineBudgets.cs), one case per T.
    [Theory]
    [MemberData(nameof(TotalSteps1To60))]
    public void When_cosine_decay_runs_T_steps_Should_match_the_official_code_for_that_T(int steps) =>
        Assert.Equal(OfficialCosineBudgets.ByTotalSteps[steps].Select(x => (int?)x), Schedule(new EditBudgetOptions(), steps));

    [Fact]
    public void When_GSM8K_runs_39_steps_Should_allow_20_words_at_s_26_as_the_official_code_does()
    {
        // The sequence quoted in issue 15 from the official code; cos(π·s/T) truncated s = 26 to 19.
        int[] official = [49, 49, 49, 48, 48, 47, 46, 45, 44, 43, 42, 41, 40, 38, 37, 35, 34, 32, 30, 29, 27, 25, 24, 22, 21, 20, 18, 17, 16, 15, 14, 13, 12, 11, 11, 10, 10, 10, 10];
        Assert.Equal(official.Select(x => (int?)x), Schedule(new EditBudgetOptions(), 39));
    }

    [Fact]
    public void When_the_schedule_is_none_Should_give_no_budget() =>
        Assert.All(Schedule(new EditBudgetOptions { Schedule = BudgetSchedule.None }, 5), Assert.Null);

    [Fact]
    public void When_the_schedule_is_fixed_Should_always_give_N0() =>
        Assert.All(Schedule(new EditBudgetOptions { Schedule = BudgetSchedule.Fixed, Initial = 30 }, 6), b => Assert.Equal(30, b));

    [Fact]
    public void When_linear_decay_runs_10_steps_Should_lose_4_words_per_step()
    {
        // (50 - 10) / 10 = 4 words per step: s=1 → 46 ... s=10 → 10.
        var expected = Enumerable.Range(1, 10).Select(s => (int?)(50 - (4 * s)));
        Assert.Equal(expected, Schedule(new EditBudgetOptions { Schedule = BudgetSchedule.Linear }, 10));
    }

    [Fact]
    public void When_linear_decay_gives_a_fraction_Should_truncate()
    {
        // T=12: rate 40/12 = 3.33…; s=1 → int(46.67) = 46, s=2 → int(43.33) = 43.
        var budgets = Schedule(new EditBudgetOptions { Schedule = BudgetSchedule.Linear }, 12);
        Assert.Equal([46, 43], budgets.Take(2));
    }

    [Fact]
    public void When_fixed_has_warmup_Should_ramp_linearly_then_hold()
    {
        // W=4, N0=30: int(30·1/4)=7, int(30·2/4)=15, int(30·3/4)=22, then 30.
        var options = new EditBudgetOptions { Schedule = BudgetSchedule.Fixed, Initial = 30, WarmupSteps = 4 };
        Assert.Equal([7, 15, 22, 30, 30, 30], Schedule(options, 6));
    }

    [Fact]
    public void When_cosine_has_warmup_Should_ramp_then_decay_over_the_remaining_steps()
    {
        // W=2, T=10: s=1 ramp int(50/2)=25; s=2 decay starts at N0=50; s=6 halfway → 10+40·0.5 = 30; s=10 → 10.
        var b = Schedule(new EditBudgetOptions { WarmupSteps = 2 }, 10);
        Assert.Equal((25, 50, 30, 10), (b[0], b[1], b[5], b[9]));
    }

    [Fact]
    public void When_linear_has_warmup_Should_decay_from_N0_after_the_ramp()
    {
        // W=2, T=10: rate 40/8 = 5; s=1 → 25, s=2 → 50, s=3 → 45, s=10 → 10.
        var b = Schedule(new EditBudgetOptions { Schedule = BudgetSchedule.Linear, WarmupSteps = 2 }, 10);
        Assert.Equal((25, 50, 45, 10), (b[0], b[1], b[2], b[9]));
    }

    [Fact]
    public void When_total_steps_do_not_exceed_warmup_Should_say_so()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => EditBudget.For(new EditBudgetOptions { WarmupSteps = 5 }, 1, 5));
        Assert.Contains("warm-up", e.Message, StringComparison.Ordinal);
    }

    // Spec §1.2 / §4: 3 × round-half-up(n / 8).
    [Theory]
    [InlineData(48, 18)]
    [InlineData(50, 18)]
    [InlineData(20, 9)]
    [InlineData(27, 9)]
    [InlineData(35, 12)]
    [InlineData(33, 12)]
    [InlineData(100, 39)]
    [InlineData(11, 3)]
    [InlineData(12, 6)]
    public void When_counting_steps_Should_use_three_epochs_of_rounded_half_up_batches(int train, int steps) =>
        Assert.Equal(steps, StepCount.For(train));
}
