using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

public sealed class RunSpend_Specs
{
    private static readonly RunSettings Unlimited = new() { DataPath = "x.jsonl" };

    [Fact]
    public void When_a_run_has_any_limit_Should_read_its_spend_and_only_then()
    {
        Assert.False(RunSpend.IsLimited(Unlimited));
        Assert.True(RunSpend.IsLimited(Unlimited with { MaxCalls = 10 }));
        Assert.True(RunSpend.IsLimited(Unlimited with { MaxTokens = 10 }));
        Assert.True(RunSpend.IsLimited(Unlimited with { MaxCost = 0.5 }));
    }

    [Fact]
    public void When_the_spend_of_a_run_is_summed_Should_count_every_role_and_step_against_each_limit()
    {
        var spend = RunSpend.Of(
        [
            new UsageRecord { Step = 0, Role = "task", Calls = 4, InputTokens = 100, OutputTokens = 20, Cost = 0.25 },
            new UsageRecord { Step = 1, Role = "optimizer", Calls = 2, InputTokens = 50, OutputTokens = 30, Cost = 0.5 },
        ]);

        Assert.Equal(new RunSpend(6, 200, 0.75), spend);
        Assert.Null(spend.Shortfall(Unlimited with { MaxCalls = 8 }, calls: 2));
        Assert.NotNull(spend.Shortfall(Unlimited with { MaxCalls = 8 }, calls: 3));
        Assert.NotNull(spend.Shortfall(Unlimited with { MaxTokens = 200 }, calls: 0));
        Assert.NotNull(spend.Shortfall(Unlimited with { MaxCost = 0.75 }, calls: 0));
        Assert.Null(RunSpend.Unknown.Shortfall(Unlimited, calls: 1_000_000));
        // Calls of work out now count as spent: 6 recorded + 1 out + 2 next fit 9, not 8.
        Assert.Null(spend.Shortfall(Unlimited with { MaxCalls = 9 }, calls: 2, callsInFlight: 1));
        Assert.Contains("may spend 1 more", spend.Shortfall(Unlimited with { MaxCalls = 8 }, calls: 2, callsInFlight: 1), StringComparison.Ordinal);
    }

    [Fact]
    public void When_stored_usage_sums_past_the_largest_count_Should_still_refuse_work_over_the_budget()
    {
        // Usage forged before the reply checks bounded it: summed with wrap-around, the spend turned negative.
        var spend = RunSpend.Of(
        [
            new UsageRecord { Step = 0, Role = "task", Calls = long.MaxValue, InputTokens = long.MaxValue },
            new UsageRecord { Step = 1, Role = "task", Calls = 1, OutputTokens = 1 },
        ]);

        Assert.Equal((long.MaxValue, long.MaxValue), (spend.Calls, spend.Tokens));
        Assert.Contains("calls", spend.Shortfall(Unlimited with { MaxCalls = 100 }, calls: 1), StringComparison.Ordinal);
        Assert.Contains("tokens", spend.Shortfall(Unlimited with { MaxTokens = 1_000 }, calls: 0), StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_spend_is_near_the_largest_count_Should_refuse_work_whose_calls_would_wrap_the_sum()
    {
        var spend = new RunSpend(9223372036854775800, 0, 0);

        Assert.NotNull(spend.Shortfall(Unlimited with { MaxCalls = 100 }, calls: 10));
        Assert.NotNull(spend.Shortfall(Unlimited with { MaxCalls = 100 }, calls: 1, callsInFlight: 10));
        Assert.NotNull(new RunSpend(0, 0, 0).Shortfall(Unlimited with { MaxCalls = 100 }, calls: long.MaxValue, callsInFlight: long.MaxValue));
    }

    [Fact]
    public void When_stored_usage_is_negative_or_not_a_number_Should_take_the_spend_as_over_every_limit()
    {
        // Only wrapped or forged data is negative: it must not leave room under a limit.
        var calls = RunSpend.Of([new UsageRecord { Role = "task", Calls = -9_000 }, new UsageRecord { Role = "task", Calls = 10 }]);
        var tokens = RunSpend.Of([new UsageRecord { Role = "task", InputTokens = long.MinValue }]);
        var cost = RunSpend.Of([new UsageRecord { Role = "task", Cost = double.NaN }]);

        Assert.NotNull(calls.Shortfall(Unlimited with { MaxCalls = 100 }, calls: 1));
        Assert.NotNull(tokens.Shortfall(Unlimited with { MaxTokens = 100 }, calls: 0));
        Assert.NotNull(cost.Shortfall(Unlimited with { MaxCost = 1 }, calls: 0));
        Assert.NotNull(new RunSpend(0, 0, double.NaN).Shortfall(Unlimited with { MaxCost = 1 }, calls: 0));
    }
}
