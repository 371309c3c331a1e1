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
}
