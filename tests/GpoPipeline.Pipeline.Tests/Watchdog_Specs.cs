using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_the_scheduler_starts_with_runs_left_running_Should_resend_their_work_at_once_only_when_told_to(bool resumeAtStart)
    {
        // `gpo serve` restarted on its store: the in-process bus lost the work in flight, and the run sat Running for
        // the 15-minute stall timeout (the API audit) while its task refused new runs.
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var interrupted = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        harness.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value.ResumeRunningAtStart = resumeAtStart;
        var watchdog = harness.Services.GetRequiredService<StalledRunWatchdog>();

        var resumed = await watchdog.ResumeInterruptedAsync(CancellationToken.None);

        Assert.Equal(resumeAtStart ? 1 : 0, resumed);
        Assert.Equal(resumeAtStart, await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == interrupted.Id));
    }
}
