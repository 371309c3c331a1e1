using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class Budget_Specs
{
    [Fact]
    public async Task When_MaxCalls_cannot_pay_for_the_next_step_Should_stop_before_dispatching_it_and_never_exceed_it()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun() with { MaxCalls = 30 }));

        Assert.Equal(RunStatus.StoppedBudget, run.Status);
        Assert.Contains("calls", run.FailureReason, StringComparison.Ordinal);
        var paid = cluster.Simulator.Requests.Snapshot().Count(r => r.StatusCode == 200);
        Assert.InRange(paid, 1, 30);
        // What the scheduler recorded from the replies is what the endpoint was asked for.
        Assert.Equal(paid, (await cluster.Store.GetUsageAsync(run.Id)).Sum(u => u.Calls));
    }

    [Fact]
    public async Task When_MaxTokens_is_reached_Should_overshoot_by_at_most_the_work_dispatched_while_below_it()
    {
        const long maxTokens = 1_500;
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun() with { MaxTokens = maxTokens }));

        Assert.Equal(RunStatus.StoppedBudget, run.Status);
        Assert.Contains("tokens", run.FailureReason, StringComparison.Ordinal);
        var usage = await cluster.Store.GetUsageAsync(run.Id);
        var lastStep = usage.Max(u => u.Step);
        var beforeLast = usage.Where(u => u.Step < lastStep).Sum(u => u.InputTokens + u.OutputTokens);
        var total = usage.Sum(u => u.InputTokens + u.OutputTokens);
        // The README's bound: work is dispatched only while below MaxTokens, so the overshoot (total − MaxTokens)
        // is at most the tokens of the last dispatched step (total − beforeLast).
        Assert.True(beforeLast < maxTokens, $"the last step was dispatched with {beforeLast} of {maxTokens} tokens spent");
        Assert.True(total >= maxTokens, $"stopped on tokens with {total} of {maxTokens}");
    }
}
