using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A budget limit is input, on a StartRun and on a ResumeRun alike: NaN passed the "≤ 0" check and then stopped
/// nothing (spent ≥ NaN is false), so a run with it had no budget at all.
/// </summary>
public sealed class BudgetInput_Specs
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void When_a_runs_cost_limit_is_not_a_positive_number_Should_refuse_the_settings(double maxCost)
    {
        var error = Assert.Throws<RunConfigurationException>(() => RunSettingsParser.Parse(LifecycleRuns.Settings with { MaxCost = maxCost }, 20_000));

        Assert.Contains("Budget limits must be positive and finite when set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_resume_brings_a_limit_that_is_not_a_positive_number_Should_reject_it_and_leave_the_run_as_it_was()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun() with { MaxCalls = 500 });
        var driver = harness.Services.GetRequiredService<RunDriver>();
        await driver.CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);

        var nan = await Assert.ThrowsAsync<RejectedMessageException>(() =>
            driver.ResumeAsync(new ResumeRun { RunId = run.Id, MaxCost = double.NaN }, harness.Harness.Bus, CancellationToken.None));
        var negative = await Assert.ThrowsAsync<RejectedMessageException>(() =>
            driver.ResumeAsync(new ResumeRun { RunId = run.Id, MaxCalls = -1 }, harness.Harness.Bus, CancellationToken.None));

        Assert.Contains($"ResumeRun for run {run.Id}: Budget limits must be positive and finite when set (got MaxCost NaN", nan.Message, StringComparison.Ordinal);
        Assert.Contains("MaxCalls -1", negative.Message, StringComparison.Ordinal);
        var stored = (await harness.Store.GetRunAsync(run.Id))!;
        Assert.Equal(RunStatus.Cancelled, stored.Status);
        Assert.Null(stored.Settings.MaxCost);
        Assert.Equal(500, stored.Settings.MaxCalls);
    }
}
