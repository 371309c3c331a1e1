using System.Collections.Concurrent;
using System.Diagnostics;
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
/// A step's scoring batches are sent from many messages: its own replies refill it, but so does the reply that closed
/// the step before (it opened this one), a late reply, a re-drive or a resume. Each ScoreBatch went out in its sender's
/// trace, and each reply to it refilled in that trace: in CI two of the test step's six batches sat in step T's trace.
/// Sent from another trace, the batches now join their step's (parented on its stored `gpo.step`, linked to the sender).
/// </summary>
/// <remarks>Alone (<see cref="BrokerSpecs"/>): its listener traces every host in the process while it runs, and a traced
/// host writes the step's trace to the run, which the specs beside it would see.</remarks>
[Collection(BrokerSpecs.Name)]
public sealed class StepTraceJoin_Specs : IDisposable
{
    private const string SenderName = "GpoPipeline.Pipeline.Tests.StepTraceJoin";
    private static readonly ActivitySource Sender = new(SenderName);
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public StepTraceJoin_Specs()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RunTracing.SourceName or "MassTransit" or SenderName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task When_a_steps_batches_are_sent_from_another_trace_Should_send_them_in_the_steps_trace_linked_to_the_sender()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var (run, stepTrace) = await RunWithTracedBaselineAsync(harness);

        using (var sender = Sender.StartActivity("reply of another step"))
        {
            Assert.NotNull(sender);
            await DispatchBaselineAsync(harness, run);

            var dispatch = Assert.Single(_spans, s => s.OperationName == RunTracing.StepDispatch && Equals(s.GetTagItem("gpo.run.id"), run.Id.ToString()));
            Assert.Equal(stepTrace.TraceId, dispatch.TraceId);
            Assert.Equal(stepTrace.SpanId, dispatch.ParentSpanId); // a child of the step's own gpo.step
            Assert.Contains(dispatch.Links, link => link.Context.TraceId == sender.TraceId && link.Context.SpanId == sender.SpanId);
        }

        var sent = await PublishTracesAsync(harness, run);
        Assert.All(sent, trace => Assert.Equal(stepTrace.TraceId, trace));
    }

    [Fact]
    public async Task When_a_steps_batches_are_sent_from_its_own_trace_Should_send_them_there_without_a_dispatch_span()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var (run, stepTrace) = await RunWithTracedBaselineAsync(harness);

        using (var reply = Sender.StartActivity("reply of the step", ActivityKind.Consumer, stepTrace))
        {
            Assert.NotNull(reply);
            await DispatchBaselineAsync(harness, run);
        }

        Assert.DoesNotContain(_spans, s => s.OperationName == RunTracing.StepDispatch && Equals(s.GetTagItem("gpo.run.id"), run.Id.ToString()));
        var sent = await PublishTracesAsync(harness, run);
        Assert.All(sent, trace => Assert.Equal(stepTrace.TraceId, trace));
    }

    [Fact]
    public async Task When_a_stored_step_has_no_traceparent_Should_send_its_batches_in_the_senders_trace()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtBaselineAsync(PipelineCluster.SmallRun());
        Assert.Null(run.Steps[0].TraceParent); // as a step stored before the field existed

        ActivityTraceId senderTrace;
        using (var sender = Sender.StartActivity("reply of another step"))
        {
            senderTrace = sender!.TraceId;
            await DispatchBaselineAsync(harness, run);
        }

        var sent = await PublishTracesAsync(harness, run);
        Assert.All(sent, trace => Assert.Equal(senderTrace, trace));
    }

    /// <summary>A run at its baseline whose step 0 stores the context of a `gpo.step` started as the scheduler starts it.</summary>
    private static async Task<(RunRecord Run, ActivityContext StepTrace)> RunWithTracedBaselineAsync(ConsumerHarness harness)
    {
        var created = await harness.CreateRunAtBaselineAsync(PipelineCluster.SmallRun());
        ActivityContext stepTrace;
        string? traceParent;
        using (var step = RunTracing.StepStarted(created.Id, created.Task, 0, created.TotalSteps, editBudget: null, runTraceParent: null))
        {
            stepTrace = step.Activity!.Context;
            traceParent = step.TraceParent;
        }

        var (run, changed) = await harness.Services.GetRequiredService<RunUpdater>().UpdateAsync(created.Id, r =>
        {
            r.Steps[0].TraceId = stepTrace.TraceId.ToHexString();
            r.Steps[0].TraceParent = traceParent;
            return true;
        }, CancellationToken.None);
        Assert.True(changed);
        return (run!, stepTrace);
    }

    private static async Task DispatchBaselineAsync(ConsumerHarness harness, RunRecord run)
    {
        var work = RunLifecycle.Pending(run, []).OfType<ScoreStep>().ToList<RunWork>();
        Assert.NotEmpty(work);
        var outcome = await harness.Services.GetRequiredService<WorkDispatcher>().DispatchAsync(run, work, harness.Harness.Bus, CancellationToken.None);
        Assert.Null(outcome.BudgetShortfall);
    }

    /// <summary>The traces MassTransit sent the run's ScoreBatches in (its send spans, one per message).</summary>
    private async Task<List<ActivityTraceId>> PublishTracesAsync(ConsumerHarness harness, RunRecord run)
    {
        Assert.True(await harness.Harness.Published.Any<ScoreBatch>(m => m.Context.Message.RunId == run.Id));
        var messageIds = harness.Harness.Published.Select<ScoreBatch>(m => m.Context.Message.RunId == run.Id)
            .Select(m => m.Context.MessageId?.ToString()).ToHashSet();
        var sends = _spans.Where(s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer
            && s.GetTagItem("messaging.masstransit.message_id") is string id && messageIds.Contains(id)).ToList();
        Assert.Equal(messageIds.Count, sends.Count);
        return [.. sends.Select(s => s.TraceId)];
    }

    public void Dispose() => _listener.Dispose();
}
