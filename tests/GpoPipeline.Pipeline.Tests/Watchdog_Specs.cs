using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

public sealed class Watchdog_Specs
{
    [Fact]
    public async Task When_a_running_run_has_not_moved_for_the_stall_timeout_Should_resend_its_pending_work_once()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var stalled = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var fresh = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        stalled.UpdatedAt = DateTime.UtcNow.AddHours(-2);
        Assert.True(await harness.Store.TryUpdateRunAsync(stalled));
        var watchdog = harness.Services.GetRequiredService<StalledRunWatchdog>();

        var first = await watchdog.CheckOnceAsync(CancellationToken.None);
        var second = await watchdog.CheckOnceAsync(CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(0, second); // re-driving touched the run, so it is not re-sent again at once
        Assert.True(await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == stalled.Id));
        Assert.False(await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == fresh.Id));
    }
}
