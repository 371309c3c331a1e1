using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A CancelRun taken before its run's StartRun (two queues, no order between them) still cancels the run; either way the
/// cancel is announced (RunCancelled) once the run stands cancelled.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class EarlyCancel_Specs
{
    [Fact]
    public async Task When_the_cancel_is_taken_before_the_start_Should_create_the_run_cancelled_send_no_work_and_stay_resumable()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var start = RunSubmission.Create(PipelineCluster.SmallRun());

        await driver.CancelAsync(new CancelRun { RunId = start.RunId, Reason = "cancelled with Ctrl+C" }, harness.Harness.Bus, CancellationToken.None);
        Assert.False(await harness.Harness.Published.Any<RunCancelled>()); // no run yet: nothing stopped
        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);

        var run = (await harness.Store.GetRunAsync(start.RunId))!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Contains("cancelled with Ctrl+C", run.FailureReason, StringComparison.Ordinal);
        // Followers of the run's events see it end when it is created cancelled.
        Assert.True(await harness.Harness.Published.Any<RunCancelled>(m => m.Context.Message.RunId == start.RunId && m.Context.Message.Reason == run.FailureReason));
        Assert.False(await harness.Harness.Published.Any<ScoreBatch>(m => m.Context.Message.RunId == start.RunId));

        await driver.ResumeAsync(new ResumeRun { RunId = start.RunId }, harness.Harness.Bus, CancellationToken.None);
        Assert.Equal(RunStatus.Running, (await harness.Store.GetRunAsync(start.RunId))!.Status);
        Assert.True(await harness.Harness.Published.Any<ScoreBatch>(m => m.Context.Message.RunId == start.RunId));
    }

    [Fact]
    public async Task When_the_start_was_taken_first_Should_cancel_as_ever_and_keep_nothing()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var start = RunSubmission.Create(PipelineCluster.SmallRun());

        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);
        await driver.CancelAsync(new CancelRun { RunId = start.RunId }, harness.Harness.Bus, CancellationToken.None);

        Assert.Equal(RunStatus.Cancelled, (await harness.Store.GetRunAsync(start.RunId))!.Status);
        Assert.Null(await harness.Store.TakeEarlyCancelAsync(start.RunId, DateTime.MinValue));
        Assert.True(await harness.Harness.Published.Any<RunCancelled>(m => m.Context.Message.RunId == start.RunId && m.Context.Message.Reason == "cancelled by user"));
    }

    [Fact]
    public async Task When_the_cancel_and_the_start_reach_two_scheduler_replicas_Should_create_the_run_cancelled_and_send_no_work()
    {
        await using var first = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        await using var second = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>(), wrapStore: _ => first.Store);
        var start = RunSubmission.Create(PipelineCluster.SmallRun());

        await first.Services.GetRequiredService<RunDriver>().CancelAsync(new CancelRun { RunId = start.RunId, Reason = "cancelled with Ctrl+C" }, first.Harness.Bus, CancellationToken.None);
        await second.Services.GetRequiredService<RunDriver>().StartAsync(start, second.Harness.Bus, CancellationToken.None);

        Assert.Equal(RunStatus.Cancelled, (await first.Store.GetRunAsync(start.RunId))!.Status);
        Assert.False(await second.Harness.Published.Any<ScoreBatch>(m => m.Context.Message.RunId == start.RunId));
    }

    [Fact]
    public async Task When_the_start_died_after_creating_the_run_and_before_taking_its_cancel_Should_cancel_on_redelivery_instead_of_sending_work()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun()); // created; the delivery "died" here
        await harness.Store.RememberEarlyCancelAsync(run.Id, "cancelled with Ctrl+C", DateTime.UtcNow);

        await driver.StartAsync(new StartRun { RunId = run.Id, Settings = run.Settings }, harness.Harness.Bus, CancellationToken.None);

        Assert.Equal(RunStatus.Cancelled, (await harness.Store.GetRunAsync(run.Id))!.Status);
        Assert.False(await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == run.Id));
    }

    [Fact]
    public async Task When_a_cancel_of_an_unknown_run_carries_an_oversized_reason_Should_keep_only_a_note_sized_one()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var runId = Guid.NewGuid();

        await harness.Services.GetRequiredService<RunDriver>().CancelAsync(new CancelRun { RunId = runId, Reason = new string('x', 1_000_000) }, harness.Harness.Bus, CancellationToken.None);

        var kept = await harness.Store.TakeEarlyCancelAsync(runId, DateTime.MinValue);
        Assert.NotNull(kept);
        Assert.True(kept.Length <= ReplyChecks.MaxNoteChars, $"kept {kept.Length} characters");
    }
}
