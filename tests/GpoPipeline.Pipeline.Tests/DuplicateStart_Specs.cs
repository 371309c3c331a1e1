using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A duplicate StartRun, or a ResumeRun of a run that is already running, re-sent the step's work in flight and reset
/// the run's window, dropping the reservations MaxCalls counts: with 16 batches of 16 calls out (256 of MaxCalls 300)
/// every batch was admitted and paid again. Only what this scheduler has not sent goes out; after a restart that is all
/// of it. No scorer runs here: whatever is sent stays in flight.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class DuplicateStart_Specs
{
    private static readonly RunSettings Limited = PipelineCluster.SmallRun() with { MaxCalls = 300 };

    [Fact]
    public async Task When_a_StartRun_is_delivered_again_while_its_batches_are_in_flight_Should_send_no_second_copy_and_keep_their_reservations()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var start = RunSubmission.Create(Limited);
        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);
        var sent = ScoreBatches(harness, start.RunId);
        var reserved = CallsInFlight(harness, (await harness.Store.GetRunAsync(start.RunId))!);

        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);

        Assert.NotEmpty(sent);
        Assert.Equal(sent.Count, ScoreBatches(harness, start.RunId).Count);
        Assert.True(reserved > 0, "the first dispatch reserved its calls");
        Assert.Equal(reserved, CallsInFlight(harness, (await harness.Store.GetRunAsync(start.RunId))!));
    }

    [Fact]
    public async Task When_a_resumed_run_is_resumed_again_while_its_batches_are_in_flight_Should_send_no_second_copy()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var start = RunSubmission.Create(Limited);
        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);
        await driver.CancelAsync(new CancelRun { RunId = start.RunId }, harness.Harness.Bus, CancellationToken.None);
        await driver.ResumeAsync(new ResumeRun { RunId = start.RunId }, harness.Harness.Bus, CancellationToken.None);
        var sent = ScoreBatches(harness, start.RunId).Count; // the start's batches, and the resume's copy of them

        await driver.ResumeAsync(new ResumeRun { RunId = start.RunId }, harness.Harness.Bus, CancellationToken.None);
        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);

        Assert.Equal(RunStatus.Running, (await harness.Store.GetRunAsync(start.RunId))!.Status);
        Assert.Equal(sent, ScoreBatches(harness, start.RunId).Count);
    }

    [Fact]
    public async Task When_a_StartRun_is_delivered_again_while_the_step_is_generating_Should_not_ask_for_a_second_generation()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var run = await harness.CreateRunAtStepOneAsync(Limited); // created; the delivery that created it "died" before sending step 1
        var start = new StartRun { RunId = run.Id, Settings = run.Settings };

        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None); // its redelivery sends the lost work
        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);
        await driver.ResumeAsync(new ResumeRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);

        Assert.Single(harness.Harness.Published.Select<StepStarted>(m => m.Context.Message.RunId == run.Id));
    }

    [Fact]
    public async Task When_a_running_run_is_resumed_by_a_restarted_scheduler_Should_send_its_pending_batches_again()
    {
        await using var first = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var start = RunSubmission.Create(Limited);
        await first.Services.GetRequiredService<RunDriver>().StartAsync(start, first.Harness.Bus, CancellationToken.None);
        var sent = ScoreBatches(first, start.RunId).Count;

        // The work the first scheduler sent died with it (an in-process bus): its successor's window is empty.
        await using var restarted = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>(), wrapStore: _ => first.Store);
        await restarted.Services.GetRequiredService<RunDriver>().ResumeAsync(new ResumeRun { RunId = start.RunId }, restarted.Harness.Bus, CancellationToken.None);

        Assert.True(sent > 0);
        Assert.Equal(sent, ScoreBatches(restarted, start.RunId).Count);
    }

    private static List<ScoreBatch> ScoreBatches(ConsumerHarness harness, Guid runId) =>
        [.. harness.Harness.Published.Select<ScoreBatch>(m => m.Context.Message.RunId == runId).Select(m => m.Context.Message)];

    private static long CallsInFlight(ConsumerHarness harness, RunRecord run) =>
        harness.Services.GetRequiredService<BatchWindow>().CallsInFlight(run.Id, run.CurrentStep, StepSplits.Batches(run, run.Steps[^1]), _ => 0);
}
