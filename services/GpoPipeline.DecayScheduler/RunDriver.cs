using System.Diagnostics;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// Load, apply, save, dispatch (DESIGN §2): each message is applied to the stored run by <see cref="RunLifecycle"/>
/// under compare-and-set, and only the writer whose change won dispatches the resulting work. Every method is safe
/// to call again with the same message (at-least-once delivery).
/// </summary>
public sealed partial class RunDriver(
    IRunStore store,
    RunUpdater updater,
    RunPlanner planner,
    RunDatasets datasets,
    WorkDispatcher dispatcher,
    BatchWindow window,
    RedriveGate redrives,
    RunTelemetry telemetry,
    SchedulerMetrics metrics,
    TimeProvider clock,
    IOptions<SchedulerOptions> options,
    ILogger<RunDriver> logger)
{
    public async Task StartAsync(StartRun command, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await store.GetRunAsync(command.RunId, cancellationToken);
        if (existing is not null)
        {
            // A redelivered (or duplicated) StartRun: the delivery that created the run may have died before it took the
            // run's kept cancel, or before it sent the run's work; what this scheduler sent is in flight, not sent again.
            if (!await CancelledEarlyAsync(existing.Id, now, bus, cancellationToken))
            {
                await SendUnsentAsync(existing, bus, cancellationToken);
            }

            return;
        }

        RunPlan plan;
        try
        {
            plan = planner.Plan(command);
        }
        catch (RunConfigurationException ex)
        {
            // Rejected before any model call: the run exists only to say why.
            await StoreRejectedAsync(command, ex.Message, now, cancellationToken);
            await bus.Publish(new RunFailed { RunId = command.RunId, Reason = ex.Message }, cancellationToken);
            return;
        }

        var splits = await datasets.StoreAsync(plan.Dataset, cancellationToken);
        using var runActivity = RunTracing.RunStarted(command.RunId, plan.Dataset.Task.Name, plan.TotalSteps, plan.DevCount, plan.TestCount);
        var (run, transition) = RunLifecycle.Create(command.RunId, command.Settings, plan, splits, now, runActivity?.Id, Guid.NewGuid());
        using var step = RunTracing.StepStarted(run.Id, run.Task, 0, run.TotalSteps, editBudget: null, run.RunTraceParent);
        run.Steps[0].TraceId = step.TraceId;
        run.Steps[0].TraceParent = step.TraceParent;
        if (!await store.TryCreateRunAsync(run, cancellationToken))
        {
            // Another delivery created it first and dispatched its work: this one's run and step spans describe a run
            // that was never stored, so they are not exported (the winner's are the run's).
            RunTracing.Discard(runActivity, step);
            return;
        }

        LogRunCreated(run.Id, run.Task, run.TotalSteps, run.DevCount);
        if (!await CancelledEarlyAsync(run.Id, now, bus, cancellationToken))
        {
            await ExecuteAsync(run, transition, bus, cancellationToken);
        }
    }

    /// <summary>
    /// A StartRun that kept failing (its fault): when the failure came before the run was created, it is created failed
    /// with the reason, so the submitter hears why (RunFailed) instead of waiting for a run that never comes. A run that
    /// exists fails only while it stands where its StartRun's failure leaves it (<see cref="RunLifecycle.FailStart"/>):
    /// anyone may publish a Fault naming any run.
    /// </summary>
    public async Task FailStartAsync(StartRun command, string reason, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (await StoreRejectedAsync(command, reason, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            await bus.Publish(new RunFailed { RunId = command.RunId, Reason = RunLifecycle.Reason(reason, "the run could not start") }, cancellationToken);
            return;
        }

        var (run, failed) = await ApplyAsync(command.RunId, r => RunLifecycle.FailStart(r, reason), bus, cancellationToken);
        if (!failed && run is not null)
        {
            Activity.Current?.SetTag("gpo.ignored", true);
            LogStartFaultIgnored(run.Id, run.Status, run.CurrentStep);
        }
    }

    /// <summary>
    /// Stores the run of a StartRun that cannot start as Failed with <paramref name="reason"/>, unless a run of that id
    /// exists. A StartRun without settings stores <see cref="RunRecord.MissingSettings"/>: every reader of a run reads its settings.
    /// </summary>
    /// <returns>Whether this call created it (only that delivery reports the run's end).</returns>
    private async Task<bool> StoreRejectedAsync(StartRun command, string reason, DateTime now, CancellationToken cancellationToken)
    {
        var rejected = new RunRecord
        {
            Id = command.RunId, Settings = command.Settings ?? RunRecord.MissingSettings, Status = RunStatus.Failed,
            FailureReason = RunLifecycle.Reason(reason, "invalid run settings"), CreatedAt = now, UpdatedAt = now,
        };
        if (!await store.TryCreateRunAsync(rejected, cancellationToken))
        {
            return false;
        }

        await telemetry.RunEndedAsync(rejected, cancellationToken);
        return true;
    }

    /// <summary>Applies the cancel kept for a run that did not exist when its CancelRun was taken (by this scheduler or
    /// another replica; <see cref="IRunStore.RememberEarlyCancelAsync"/>): the run stays, cancelled and resumable, and
    /// sends no work.</summary>
    private async Task<bool> CancelledEarlyAsync(Guid runId, DateTime now, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (await store.TakeEarlyCancelAsync(runId, now - IRunStore.EarlyCancelLifetime, cancellationToken) is not { } reason)
        {
            return false;
        }

        await CancelAsync(new CancelRun { RunId = runId, Reason = reason }, bus, cancellationToken);
        return true;
    }

    /// <param name="generationId">The id of the reply's message: a redelivered copy keeps it, a second generation has its
    /// own, so each paid generation is charged once (<see cref="RunLifecycle.ChargeGeneration"/>).</param>
    /// <param name="repeat">The delivery may repeat one that saved its transition but died before publishing its work
    /// (broker outage, scheduler crash): the run's pending work is re-sent afterwards (see <see cref="Consumers.Redelivery"/>).</param>
    public async Task RecordCandidatesAsync(CandidatesGenerated generated, Guid generationId, IPublishEndpoint bus, bool repeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generated);
        await RecordCandidatesAsync(generated, generationId, bus, cancellationToken);
        if (repeat)
        {
            await RedriveAsync(generated.RunId, bus, cancellationToken);
        }
    }

    /// <param name="repeat">As for <see cref="RecordCandidatesAsync(CandidatesGenerated, Guid, IPublishEndpoint, bool, CancellationToken)"/>.</param>
    /// <param name="replyId">The id of the reply's message: a redelivered copy keeps it, a second scorer's copy has its
    /// own, so each paid reply is charged once (<see cref="ScoredBatch.Charge"/>).</param>
    public async Task RecordScoreAsync(BatchScored scored, Guid replyId, IPublishEndpoint bus, bool repeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scored);
        await RecordScoreAsync(scored, replyId, bus, cancellationToken);
        if (repeat)
        {
            await RedriveAsync(scored.RunId, bus, cancellationToken);
        }
    }

    private async Task RecordCandidatesAsync(CandidatesGenerated generated, Guid generationId, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var verdict = ReplyVerdict.Reject($"run {generated.RunId} does not exist (CandidatesGenerated step {generated.Step}).");
        var transition = Transition.None;
        var ended = false;
        var charge = false;
        var (run, changed) = await updater.UpdateAsync(generated.RunId, r =>
        {
            var before = r.Status;
            verdict = ReplyChecks.Judge(r, generated);
            transition = verdict.Fit == ReplyFit.Accept
                ? RunLifecycle.RecordCandidates(r, generated, clock.GetUtcNow().UtcDateTime, Guid.NewGuid(), options.Value.MaxPromptChars)
                : Transition.None;
            ended = transition.Changed && Ended(before, r.Status);
            // Taken or not (stale, or a second worker's copy), a generation not charged yet was paid: charge it once.
            charge = verdict.Fit != ReplyFit.Reject && RunLifecycle.ChargeGeneration(r, generated, generationId);
            return transition.Changed || charge;
        }, cancellationToken);
        Settle(verdict);
        if (run is null)
        {
            return;
        }

        // The usage of a generation the run counts as charged, written once per generation id: a delivery that died
        // after the write above and before this one left the charge marked but not added, and its redelivery (the
        // write above then changes nothing) adds it now.
        if (charge || (generationId != Guid.Empty && RunLifecycle.IsCharged(run, generated.Step, generationId)))
        {
            await ChargeGenerationAsync(run.Id, generated, generationId, cancellationToken);
        }

        if (!changed)
        {
            return;
        }

        if (!transition.Changed)
        {
            Activity.Current?.SetTag("gpo.late", true);
            return; // paid and now charged; the step took another generation, or the stopped run moves no further
        }

        if (ended)
        {
            await telemetry.RunEndedAsync(run, cancellationToken); // no usable candidate; after its usage is recorded
        }

        await ExecuteAsync(run, transition, bus, cancellationToken);
    }

    private async Task RecordScoreAsync(BatchScored scored, Guid replyId, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        Activity.Current?.SetTag("gpo.run.id", scored.RunId.ToString());
        Activity.Current?.SetTag("gpo.step", scored.Step);
        Activity.Current?.SetTag("gpo.candidate", scored.CandidateIndex);
        var run = await store.GetRunAsync(scored.RunId, cancellationToken)
            ?? throw new RejectedMessageException($"BatchScored for run {scored.RunId}: no such run in this deployment.");
        var verdict = ReplyChecks.Judge(run, scored);
        Settle(verdict);
        if (verdict.Fit != ReplyFit.Accept)
        {
            if (verdict.Batch is { } late)
            {
                // The run's own batch after its step closed (or the run ended): paid work, memoized and charged, nothing advances.
                Activity.Current?.SetTag("gpo.late", true);
                await RecordAnswersAsync(run, scored, replyId, late, cancellationToken);
            }
            else
            {
                Activity.Current?.SetTag("gpo.duplicate", true);
            }

            return;
        }

        // The batch has left the scorers: its slot goes to the next batch, sent while this reply's answers are written
        // (the write waits for the store's commit; the scorers need not). The run as read before the write serves the
        // refill (no second run read per reply): a step that moved on meanwhile was dispatched by the writer that
        // moved it, and the window admits nothing twice. The batch's reserved calls count against MaxCalls until its
        // score is recorded, so the refill's budget check sees them (BatchWindow.Release).
        var batch = verdict.Batch!;
        window.Release(run.Id, scored.Step, batch);
        var writing = RecordAnswersAsync(run, scored, replyId, batch, cancellationToken);
        try
        {
            await RefillAsync(run, bus, cancellationToken);
        }
        finally
        {
            await writing;
        }

        // Even a duplicate checks completion: the first delivery may have died before advancing.
        var recorded = await store.GetBatchKeysAsync(run.Id, run.CurrentStep, cancellationToken);
        if (RunLifecycle.StillScoring(run, recorded))
        {
            return; // the common case: the step goes on
        }

        await CloseStepAsync(run, bus, cancellationToken);
        await RefillAsync(run.Id, bus, cancellationToken);
    }

    /// <summary>Memoizes a reply's answers, charges the run once for the reply, and records the batch's score once.</summary>
    private async Task RecordAnswersAsync(RunRecord run, BatchScored scored, Guid replyId, BatchPlan batch, CancellationToken cancellationToken)
    {
        var configuration = run.Configuration!;
        var examples = await datasets.BatchExamplesAsync(run, run.Steps.First(s => s.Step == scored.Step), batch.Split, cancellationToken); // the reply's own step (a late reply's is closed)
        var keys = Enumerable.Range(batch.From, batch.Size).Select(i => ExampleMemoKey.For(run.Id, configuration, batch.Prompt, examples[i])).ToArray();
        var now = clock.GetUtcNow().UtcDateTime;
        var maxAnswer = options.Value.MaxAnswerChars;
        var results = scored.Results.Select(r => new ExampleResultRecord
        {
            Key = keys[r.Index - batch.From],
            Answer = r.Answer.Length > maxAnswer ? r.Answer[..maxAnswer] : r.Answer,
            Score = r.Score,
            Calls = r.Usage?.Calls ?? 0,
            Attempts = r.Usage?.Attempts ?? 0,
            InputTokens = r.Usage?.InputTokens ?? 0,
            OutputTokens = r.Usage?.OutputTokens ?? 0,
            Cost = r.Usage?.Cost ?? 0,
            RecordedAt = now,
        }).ToList();
        // Answers, the reply's usage (once per reply id: a redelivered copy adds nothing, a second scorer's copy was paid
        // and is charged) and the batch score assembled from the memo, in one store write (one transaction in the embedded store).
        var outcome = await store.RecordScoredBatchAsync(new ScoredBatch
        {
            Results = results, Keys = keys, Role = "task", ReplyId = replyId,
            MemoHits = await MemoizedCallsAsync(keys, results, cancellationToken),
            Batch = new BatchScoreRecord
            {
                RunId = run.Id, Step = scored.Step, CandidateIndex = batch.CandidateIndex, BatchIndex = batch.BatchIndex, Split = batch.Split, RecordedAt = now,
            },
        }, cancellationToken);
        if (outcome.BatchRecorded)
        {
            metrics.BatchRecorded(SchedulerMetrics.FromScorer);
        }
    }

    /// <summary>
    /// The calls of the batch's answers the reply does not carry: the dispatch found them in the memo and sent only the
    /// rest (a reply answers every example it was sent: <see cref="ReplyChecks"/>). Read only for such a batch.
    /// </summary>
    private async Task<long> MemoizedCallsAsync(string[] keys, List<ExampleResultRecord> results, CancellationToken cancellationToken)
    {
        if (results.Count == keys.Length)
        {
            return 0;
        }

        var answered = results.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var memoized = await store.GetExampleResultsAsync([.. keys.Where(k => !answered.Contains(k))], cancellationToken);
        return SaturatingCount.Sum(memoized.Values, r => r.Calls);
    }

    /// <summary>A reply freed a slot of the run's window (<see cref="BatchWindow"/>): send the batches waiting for one.</summary>
    private async Task RefillAsync(Guid runId, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (!window.HasBacklog(runId) || await store.GetRunAsync(runId, cancellationToken) is not { Status: RunStatus.Running } run)
        {
            return;
        }

        await RefillAsync(run, bus, cancellationToken);
    }

    /// <summary>As above, for <paramref name="run"/> as read; its step's recorded batches are read only when something waits for a slot.</summary>
    private async Task RefillAsync(RunRecord run, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (!window.HasBacklog(run.Id))
        {
            return;
        }

        // Only scoring work: a step that is generating was opened by the transition that closed the last one.
        var recorded = await store.GetBatchKeysAsync(run.Id, run.CurrentStep, cancellationToken);
        var work = RunLifecycle.Pending(run, recorded).OfType<ScoreStep>().ToList<RunWork>();
        if (work.Count > 0)
        {
            await ExecuteAsync(run, new Transition(false, work), bus, cancellationToken);
        }
    }

    public async Task CancelAsync(CancelRun command, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        Task<(RunRecord? Run, bool Changed)> CancelStoredAsync() =>
            updater.UpdateAsync(command.RunId, r => RunLifecycle.Cancel(r, command.Reason).Changed, cancellationToken);

        var (run, changed) = await CancelStoredAsync();
        if (run is null)
        {
            // Not created yet (its StartRun waits in the other queue, or is being applied now, here or by another
            // replica): kept in the store for the StartRun, then read again, in case the run was created between the
            // two (its StartRun took the kept cancels before this one was kept).
            await store.RememberEarlyCancelAsync(command.RunId, RunLifecycle.Reason(command.Reason, "cancelled"), clock.GetUtcNow().UtcDateTime, cancellationToken);
            (run, changed) = await CancelStoredAsync();
            if (run is null)
            {
                LogEarlyCancel(command.RunId);
                return;
            }

            await store.TakeEarlyCancelAsync(command.RunId, DateTime.MinValue, cancellationToken); // applied here
        }

        if (changed)
        {
            window.Reset(run!.Id);
            redrives.Forget(run.Id);
            await telemetry.RunEndedAsync(run, cancellationToken);
        }

        // Announced whenever the run stands cancelled, not only when this delivery changed it: a delivery that died
        // after the write and before the publish is redelivered, and its copy must announce what the first did not.
        if (run!.Status == RunStatus.Cancelled)
        {
            await bus.Publish(new RunCancelled { RunId = run.Id, Reason = run.FailureReason ?? "cancelled", Step = run.CurrentStep }, cancellationToken);
        }
    }

    private async Task StopForBudgetAsync(Guid runId, string detail, IPublishEndpoint bus, CancellationToken cancellationToken) =>
        await ApplyAsync(runId, r => RunLifecycle.StopForBudget(r, detail), bus, cancellationToken);

    /// <summary>Work that kept failing fails the run only when it is the run's open work (<see cref="RunLifecycle.FailFaultedWork"/>).</summary>
    public Task FailFaultedWorkAsync(Guid runId, int step, Guid workToken, string reason, IPublishEndpoint bus, CancellationToken cancellationToken) =>
        ApplyAsync(runId, r => RunLifecycle.FailFaultedWork(r, step, workToken, reason), bus, cancellationToken);

    /// <summary>A worker refused <paramref name="refused"/> as unfit: the run fails when it is the run's own open work (<see cref="RunLifecycle.FailRefusedWork"/>).</summary>
    public async Task FailRefusedWorkAsync(ScoreBatch refused, string why, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refused);
        if (await store.GetRunAsync(refused.RunId, cancellationToken) is not { } run || !RunLifecycle.MayBeOpenWork(run, refused))
        {
            return;
        }

        var examples = await datasets.BatchExamplesAsync(run, run.Steps[^1], refused.Split, cancellationToken);
        await ApplyAsync(run.Id, r => RunLifecycle.FailRefusedWork(r, refused, why, examples), bus, cancellationToken);
    }

    /// <summary>The retrieval or generation worker refused a step's work as unfit (<see cref="RunLifecycle.FailRefusedStep"/>).</summary>
    public Task FailRefusedStepAsync(Guid runId, int step, Guid workToken, string worker, string why, IPublishEndpoint bus, CancellationToken cancellationToken) =>
        ApplyAsync(runId, r => RunLifecycle.FailRefusedStep(r, step, workToken, worker, why), bus, cancellationToken);

    public async Task ResumeAsync(ResumeRun command, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (RunSettingsParser.BudgetProblem(command.MaxCost, command.MaxCalls, command.MaxTokens) is { } problem)
        {
            throw new RejectedMessageException($"ResumeRun for run {command.RunId}: {problem}");
        }

        var (run, changed) = await updater.UpdateAsync(command.RunId, r => RunLifecycle.Resume(r, command, clock.GetUtcNow().UtcDateTime).Changed, cancellationToken);
        if (run is null)
        {
            LogUnknownRun(command.RunId, nameof(ResumeRun));
            return;
        }

        if (changed)
        {
            await RedriveAsync(run, bus, cancellationToken); // it was stopped: what the window remembers of it is stale
        }
        else
        {
            // Already running (a duplicate ResumeRun, or one racing another): its work is in flight, with its slots and
            // reservations. After a scheduler restart the window is empty and every pending piece goes out again.
            await SendUnsentAsync(run, bus, cancellationToken);
        }
    }

    /// <summary>
    /// For a StartRun of an existing run and a ResumeRun of a running one: sends the current step's work this
    /// scheduler has not sent (<see cref="BatchWindow"/>), never a second copy of what is in flight. Its batches keep
    /// their slots and reserved calls (a reset dropped them, and MaxCalls was then exceeded by a second paid copy).
    /// </summary>
    private async Task SendUnsentAsync(RunRecord run, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (run.Status != RunStatus.Running)
        {
            return;
        }

        var pending = RunLifecycle.Pending(run, await store.GetBatchKeysAsync(run.Id, run.CurrentStep, cancellationToken));
        var work = pending.Where(w => w is not OpenStep open || !window.Opening(run.Id, open.Step)).ToList();
        if (work.Count > 0)
        {
            await ExecuteAsync(run, new Transition(false, work), bus, cancellationToken);
        }
    }

    /// <summary>For the watchdog: re-sends a stalled run's pending work and marks the run touched.</summary>
    public async Task RedriveStalledAsync(RunRecord run, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await RedriveAsync(run, bus, cancellationToken);
        await updater.UpdateAsync(run.Id, r => r.Status == RunStatus.Running, cancellationToken); // UpdatedAt = now
    }

    /// <summary>For a delivery that may repeat one whose work was lost: once per version of the run (<see cref="RedriveGate"/>).</summary>
    private async Task RedriveAsync(Guid runId, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(runId, cancellationToken);
        if (run is not { Status: RunStatus.Running })
        {
            redrives.Forget(runId);
            return;
        }

        if (redrives.TryClaim(run.Id, run.Version, out var claim))
        {
            try
            {
                await RedriveAsync(run, bus, cancellationToken);
                // Re-driving changes the run itself when tracing is on (an opened step remembers its new trace id): the
                // version to remember is the one after it, or the next redelivered reply takes that for progress and sends
                // the step's work again, once per reply (Redelivery_Specs, with a listener as every deployment has).
                var after = await store.GetRunAsync(runId, cancellationToken);
                redrives.Redriven(run.Id, claim, Math.Max(run.Version, after?.Version ?? 0));
            }
            catch
            {
                redrives.Release(run.Id, claim); // the claim must not outlive a failure: the next repeat is due
                throw;
            }
        }
    }

    /// <summary>Re-sends whatever the current step still waits for; answers already memoized are not sent again.</summary>
    private async Task RedriveAsync(RunRecord run, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        window.Reset(run.Id); // what was sent may be lost: every missing batch may go out again (within the limit)
        var work = RunLifecycle.Pending(run, await store.GetBatchKeysAsync(run.Id, run.CurrentStep, cancellationToken));
        if (work.Count > 0)
        {
            await ExecuteAsync(run, new Transition(false, work), bus, cancellationToken);
        }
    }

    private async Task AdvanceAsync(Guid runId, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(runId, cancellationToken) is { } current)
        {
            await AdvanceAsync(current, bus, cancellationToken);
        }
    }

    /// <param name="current">The run as last read; a stale copy is safe (the change is applied to a fresh one under compare-and-set).</param>
    private async Task AdvanceAsync(RunRecord current, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        // A step still missing batches cannot close: no scores read, no compare-and-set round for nothing.
        if (current.Status == RunStatus.Running
            && !RunLifecycle.StillScoring(current, await store.GetBatchKeysAsync(current.Id, current.CurrentStep, cancellationToken)))
        {
            await CloseStepAsync(current, bus, cancellationToken);
        }
    }

    /// <summary>Applies the step's scores (read after the caller's writes) to a fresh copy of the run: the step closes
    /// if every batch is in, and only the writer whose change won dispatches what follows.</summary>
    private async Task CloseStepAsync(RunRecord current, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (current.Status != RunStatus.Running)
        {
            return;
        }

        var scores = await store.GetBatchScoresAsync(current.Id, current.CurrentStep, cancellationToken);
        var runId = current.Id;
        var transition = Transition.None;
        var closedStep = current.CurrentStep;
        var (run, changed) = await updater.UpdateAsync(runId, r =>
        {
            closedStep = r.CurrentStep;
            transition = RunLifecycle.Advance(r, r.CurrentStep == current.CurrentStep ? scores : [], clock.GetUtcNow().UtcDateTime, Guid.NewGuid());
            return transition.Changed;
        }, cancellationToken);
        if (changed)
        {
            telemetry.StepClosed(run!, closedStep); // gpo.selection: this write selected the step's candidate
            if (run!.Status != RunStatus.Running)
            {
                await telemetry.RunEndedAsync(run, cancellationToken);
            }

            await ExecuteAsync(run, transition, bus, cancellationToken);
        }
    }

    /// <returns>The run as stored after the call, and whether this call changed it.</returns>
    private async Task<(RunRecord? Run, bool Changed)> ApplyAsync(Guid runId, Func<RunRecord, Transition> apply, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var transition = Transition.None;
        var ended = false;
        var (run, changed) = await updater.UpdateAsync(runId, r =>
        {
            var before = r.Status;
            transition = apply(r);
            ended = transition.Changed && Ended(before, r.Status);
            return transition.Changed;
        }, cancellationToken);
        if (changed)
        {
            if (ended)
            {
                await telemetry.RunEndedAsync(run!, cancellationToken);
            }

            await ExecuteAsync(run!, transition, bus, cancellationToken);
        }

        return (run, changed);
    }

    private async Task ExecuteAsync(RunRecord run, Transition transition, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (IsFinal(run.Status))
        {
            window.Reset(run.Id);
            redrives.Forget(run.Id);
        }

        var outcome = await dispatcher.DispatchAsync(run, transition.Work, bus, cancellationToken);
        if (outcome.BudgetShortfall is { } shortfall)
        {
            await StopForBudgetAsync(run.Id, shortfall, bus, cancellationToken);
        }
        else if (outcome.MayAdvance)
        {
            await AdvanceAsync(run.Id, bus, cancellationToken);
        }
    }

    /// <summary>The write moved the run into a final status (the one writer that reports the run's end).</summary>
    private static bool Ended(RunStatus before, RunStatus after) => before != after && IsFinal(after);

    private static bool IsFinal(RunStatus status) =>
        status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled or RunStatus.StoppedBudget;

    private void Settle(ReplyVerdict verdict)
    {
        if (verdict.Fit == ReplyFit.Reject)
        {
            throw new RejectedMessageException(verdict.Reason);
        }

        if (verdict.Fit == ReplyFit.Stale)
        {
            LogStale(verdict.Reason);
        }
    }

    private async Task ChargeGenerationAsync(Guid runId, CandidatesGenerated generated, Guid generationId, CancellationToken cancellationToken)
    {
        foreach (var (role, usage) in new[] { ("optimizer", generated.OptimizerUsage), ("embedding", generated.EmbeddingUsage) })
        {
            if (usage is null)
            {
                continue;
            }

            var delta = new UsageRecord
            {
                RunId = runId, Step = generated.Step, Role = role, Calls = usage.Calls, Attempts = usage.Attempts,
                InputTokens = usage.InputTokens, OutputTokens = usage.OutputTokens, Cost = usage.Cost,
            };
            if (ScoredBatch.IsEmpty(delta))
            {
                continue;
            }

            if (generationId == Guid.Empty)
            {
                await store.AddUsageAsync(delta, cancellationToken); // no id to write it once by: charged when marked (once per step)
            }
            else
            {
                await store.AddUsageOnceAsync(delta, generationId, cancellationToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Run {RunId} created for task {Task}: {TotalSteps} steps, {DevCount} dev examples")]
    private partial void LogRunCreated(Guid runId, string task, int totalSteps, int devCount);

    [LoggerMessage(LogLevel.Warning, "{Message} for unknown run {RunId} ignored (another deployment's run, or a deleted one)")]
    private partial void LogUnknownRun(Guid runId, string message);

    [LoggerMessage(LogLevel.Information, "CancelRun for run {RunId}, which does not exist yet: kept in the store for its StartRun")]
    private partial void LogEarlyCancel(Guid runId);

    [LoggerMessage(LogLevel.Warning, "Fault of a StartRun for run {RunId} ignored: the run is {Status} at step {Step}, not where its StartRun's failure leaves it (a duplicate StartRun's failed re-send, or a forged fault)")]
    private partial void LogStartFaultIgnored(Guid runId, RunStatus status, int step);

    [LoggerMessage(LogLevel.Debug, "Ignored a stale reply: {Reason}")]
    private partial void LogStale(string reason);
}
