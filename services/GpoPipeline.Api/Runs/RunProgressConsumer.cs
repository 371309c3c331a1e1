using GpoPipeline.Api.Champions;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Feeds <see cref="RunEventHub"/> from the bus (issue 12: progress comes from the events, not by polling the store).
/// Registered on a temporary per-replica endpoint; the store is read once per event for the spend so far. An event
/// that ends a stream (run-completed, run-failed, run-cancelled, run-decided) is passed on only when the stores show
/// the run ended so or its decision recorded (<see cref="RunEnds"/>): a stray one ended the streams of a running run.
/// Progress events are shown only for a run the store shows running with that step (<see cref="RunSteps"/>), with the
/// stored values; a decision is shown as the store recorded it.
/// </summary>
public sealed partial class RunProgressConsumer(RunEventHub hub, IRunStore runs, ControlPlaneStore decisions, ILogger<RunProgressConsumer> logger)
    : IConsumer<StepStarted>, IConsumer<StepCompleted>, IConsumer<RunCompleted>, IConsumer<RunFailed>, IConsumer<RunCancelled>, IConsumer<CancelRun>,
      IConsumer<ChampionDecisionRecorded>
{
    public async Task Consume(ConsumeContext<StepStarted> context)
    {
        var m = context.Message;
        var run = await runs.GetRunAsync(m.RunId, context.CancellationToken);
        if (!RunSteps.Started(run, m.Step))
        {
            RunSteps.Ignored(logger, nameof(StepStarted), m.RunId, m.Step, run);
            return;
        }

        var step = run.Steps.First(s => s.Step == m.Step);
        hub.Publish(new RunEvent(RunEventKinds.StepStarted, m.RunId, m.Step, run.TotalSteps, null, null, "Running",
            step.EditBudget is { } budget ? $"edit budget {budget} words" : null, await SpendAsync(m.RunId, context.CancellationToken)));
    }

    public async Task Consume(ConsumeContext<StepCompleted> context)
    {
        var m = context.Message;
        var run = await runs.GetRunAsync(m.RunId, context.CancellationToken);
        if (!RunSteps.Completed(run, m.Step, out var entry))
        {
            RunSteps.Ignored(logger, nameof(StepCompleted), m.RunId, m.Step, run);
            return;
        }

        hub.Publish(new RunEvent(RunEventKinds.StepCompleted, m.RunId, m.Step, run.TotalSteps, entry.DevScore, run.BestDevScore, "Running", null,
            await SpendAsync(m.RunId, context.CancellationToken)));
    }

    public async Task Consume(ConsumeContext<RunCompleted> context)
    {
        var m = context.Message;
        if (!await ConfirmedAsync(m.RunId, nameof(RunCompleted), run => RunEnds.Confirms(run, m), context.CancellationToken))
        {
            return;
        }

        hub.Publish(new RunEvent(RunEventKinds.Completed, m.RunId, null, null, null, m.BestDevScore, m.Status,
            m.BestTestScore is { } test ? $"test {test:0.##} (initial {m.InitialTestScore:0.##})" : null, await SpendAsync(m.RunId, context.CancellationToken)));
    }

    public async Task Consume(ConsumeContext<RunFailed> context)
    {
        var m = context.Message;
        if (!await ConfirmedAsync(m.RunId, nameof(RunFailed), run => RunEnds.Confirms(run, m), context.CancellationToken))
        {
            return;
        }

        hub.Publish(new RunEvent(RunEventKinds.Failed, m.RunId, m.Step, null, null, null, "Failed", m.Reason, await SpendAsync(m.RunId, context.CancellationToken)));
    }

    public async Task Consume(ConsumeContext<RunCancelled> context)
    {
        var m = context.Message;
        if (!await ConfirmedAsync(m.RunId, nameof(RunCancelled), run => RunEnds.Confirms(run, m), context.CancellationToken))
        {
            return;
        }

        hub.Publish(new RunEvent(RunEventKinds.Cancelled, m.RunId, m.Step, null, null, null, "Cancelled", m.Reason, await SpendAsync(m.RunId, context.CancellationToken)));
    }

    public async Task Consume(ConsumeContext<ChampionDecisionRecorded> context)
    {
        var m = context.Message;
        if (await decisions.GetSubmissionAsync(m.RunId, context.CancellationToken) is not { } submission
            || await decisions.GetDecisionAsync(ChallengeDecider.DecisionId(submission), context.CancellationToken) is not { } decision)
        {
            // ChallengeDecider announces a decision only once it is stored (and RunsApi.Stream reads it from there).
            LogUndecided(m.RunId);
            return;
        }

        // What the store recorded, not what the message says: a stale or forged copy cannot show another outcome.
        hub.Publish(new RunEvent(RunEventKinds.Decided, m.RunId, null, null, null, null, decision.Outcome,
            $"champion v{decision.NewChampionVersion ?? decision.ChampionVersion}: {decision.Reason}", await SpendAsync(m.RunId, context.CancellationToken)));
    }

    /// <summary>
    /// The request itself, as soon as it is sent: a page can say "cancelling" before the scheduler takes it (RunCancelled,
    /// above, says when it did).
    /// </summary>
    public Task Consume(ConsumeContext<CancelRun> context)
    {
        hub.Publish(new RunEvent(RunEventKinds.CancelRequested, context.Message.RunId, null, null, null, null, null, null, null));
        return Task.CompletedTask;
    }

    private async Task<bool> ConfirmedAsync(Guid runId, string runEnd, Func<RunRecord?, bool> confirms, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(runId, cancellationToken);
        if (confirms(run))
        {
            return true;
        }

        RunEnds.Ignored(logger, nameof(RunProgressConsumer), runEnd, runId, run);
        return false;
    }

    private async Task<SpendResponse> SpendAsync(Guid runId, CancellationToken cancellationToken) =>
        SpendResponse.From(await runs.GetUsageAsync(runId, cancellationToken));

    [LoggerMessage(LogLevel.Warning, "RunProgressConsumer ignored ChampionDecisionRecorded for run {RunId}: no decision about the run is stored (a stale, duplicated or forged message); nothing changed")]
    private partial void LogUndecided(Guid runId);
}
