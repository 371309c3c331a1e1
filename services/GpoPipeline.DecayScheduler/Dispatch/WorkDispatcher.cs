using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Trajectories;
using MassTransit;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// Turns lifecycle work into messages. Scoring work is first looked up in the memo: a batch whose every example
/// was answered before (any run, same model configuration) is recorded at once and never sent; otherwise only the
/// missing examples travel. Calls are reserved against MaxCalls before anything is sent. At most
/// <see cref="BatchWindow.Limit"/> batches of a run are out at once; the rest follow as replies are recorded.
/// </summary>
public sealed class WorkDispatcher(
    IRunStore store, RunDatasets datasets, RunUpdater updater, BatchWindow window, SchedulerMetrics metrics, TimeProvider clock, IOptions<SchedulerOptions> options)
{
    public async Task<DispatchOutcome> DispatchAsync(RunRecord run, IReadOnlyList<RunWork> work, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(work);
        var mayAdvance = false;
        foreach (var item in work)
        {
            switch (item)
            {
                case Announce announce:
                    await bus.Publish(announce.Message, announce.Message.GetType(), cancellationToken);
                    break;
                case Finish:
                    await PublishOutcomeAsync(run, bus, cancellationToken);
                    break;
                case OpenStep open when await OpenAsync(run, open, bus, cancellationToken) is { } shortfall:
                    return new DispatchOutcome(shortfall, false);
                case ScoreStep score:
                    var outcome = await ScoreAsync(run, score, bus, cancellationToken);
                    if (outcome.BudgetShortfall is not null)
                    {
                        return outcome;
                    }

                    mayAdvance |= outcome.MayAdvance;
                    break;
            }
        }

        return new DispatchOutcome(null, mayAdvance);
    }

    /// <summary>RunCompleted for every terminal outcome that keeps results (completed, stopped on budget).</summary>
    private async Task PublishOutcomeAsync(RunRecord run, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var totals = RunTotals.From(await store.GetUsageAsync(run.Id, cancellationToken));
        await bus.Publish(new RunCompleted
        {
            RunId = run.Id,
            Status = run.Status == RunStatus.Completed ? "completed" : "stopped: budget",
            BestPrompt = run.BestPrompt ?? run.Settings.InitialPrompt,
            BestDevScore = run.BestDevScore ?? 0,
            BestTestScore = run.BestTestScore,
            InitialTestScore = run.InitialTestScore,
            Cost = totals.Cost,
            Calls = totals.Calls,
            CacheHits = totals.CacheHits,
            MemoHits = totals.MemoHits,
        }, cancellationToken);
    }

    private async Task<string?> OpenAsync(RunRecord run, OpenStep open, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var configuration = run.Configuration!;
        var step = run.Steps.Single(s => s.Step == open.Step);
        var embedCalls = configuration.Retrieval.Strategy == RetrievalStrategy.Relevance ? EmbeddingReservation.Calls(run.Trajectory) : 0;
        // A strategy's reflection calls (ProTeGi's gradients, PE2's reasoning) come before its round of candidates.
        var strategy = StrategySearch.Strategy(run);
        var oneRound = strategy?.MaxCallsPerStep(Math.Max(1, step.Probes.Count), configuration.Candidates) ?? configuration.Candidates;
        window.Opening(run.Id, step.Step); // before the first await: a duplicate re-send that reads the open step sees it sent
        try
        {
            return await PublishStepStartedAsync(run, step, embedCalls, oneRound, bus, cancellationToken);
        }
        catch
        {
            window.WithdrawOpening(run.Id, step.Step); // not sent: a re-send of the run's pending work sends it
            throw;
        }
    }

    private async Task<string?> PublishStepStartedAsync(RunRecord run, StepRecord step, int embedCalls, int oneRound, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var configuration = run.Configuration!;
        var spend = await SpendAsync(run, cancellationToken);
        if (spend.Shortfall(run.Settings, embedCalls + oneRound) is { } shortfall)
        {
            return shortfall; // the run stops on its budget (and its window is reset)
        }

        // The paper profile samples once per step (optimize.py lines 818-830): no calls reserved for retries.
        var allowance = oneRound + (configuration.Candidates * (ProfilePolicy.For(configuration.Profile).GenerationAttempts(options.Value.GenerationAttempts) - 1));
        if (run.Settings.MaxCalls is { } maxCalls)
        {
            allowance = (int)Math.Min(allowance, maxCalls - spend.Calls - embedCalls);
        }

        var format = FormatExamplePicker.Pick(await datasets.SplitAsync(run, Split.Format, cancellationToken), configuration.FormatExamples, configuration.Seed);
        var trajectory = run.Trajectory.Select(t => new TrajectoryPoint
        {
            Prompt = t.Prompt, DevScore = t.DevScore, Step = t.Step, Embedding = t.Embedding, EmbeddingModel = t.EmbeddingModel,
        }).ToList();
        using var scope = RunTracing.StepStarted(run.Id, run.Task, step.Step, run.TotalSteps, step.EditBudget, run.RunTraceParent);
        // Stored before the message leaves: the step's work sent from another trace joins this one (RunTracing.JoinStep).
        await RememberTraceAsync(run.Id, step.Step, scope, cancellationToken);
        await bus.Publish(new StepStarted
        {
            RunId = run.Id,
            Step = step.Step,
            TotalSteps = run.TotalSteps,
            EditBudget = step.EditBudget,
            Trajectory = trajectory,
            Retrieval = configuration.Retrieval,
            MaxEmbeddingCalls = embedCalls,
            WorkToken = step.WorkToken,
            Generation = GenerationRequests.For(
                configuration,
                [.. format.Select((e, i) => RunDatasetConversion.ToData(e, i))],
                [.. trajectory.Select(t => t with { Embedding = null, EmbeddingModel = null })],
                allowance) with { Search = await StrategyInputAsync(run, step, cancellationToken) },
        }, cancellationToken);
        return null;
    }

    // Baseline methods get their replayed search state; OPRO draws its exemplars from the whole format split; methods
    // that read errors get their probes' memoized answers on the step's training minibatch.
    private async Task<StrategyInput?> StrategyInputAsync(RunRecord run, StepRecord step, CancellationToken cancellationToken)
    {
        if (!StrategySearch.IsStrategyRun(run))
        {
            return null;
        }

        var pool = (await datasets.SplitAsync(run, Split.Format, cancellationToken)).Select((e, i) => RunDatasetConversion.ToData(e, i)).ToList();
        if (step.Probes.Count == 0)
        {
            return StrategySearch.Input(run, pool);
        }

        var train = await datasets.SplitAsync(run, Split.Train, cancellationToken);
        var memo = await store.GetExampleResultsAsync([.. MinibatchAnswers.Keys(run, step, train)], cancellationToken);
        return StrategySearch.Input(run, pool, MinibatchAnswers.For(run, step, train, memo));
    }

    private async Task<DispatchOutcome> ScoreAsync(RunRecord run, ScoreStep work, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var unsent = new List<BatchPlan>();
        try
        {
            return await SendBatchesAsync(run, work, unsent, bus, cancellationToken);
        }
        catch
        {
            // Admitted and not sent (a store read or the publish failed): they hold no slot and no reservation, and the
            // delivery's retry (or a duplicate StartRun, a ResumeRun of the running run) admits them again.
            window.Withdraw(run.Id, work.Step, unsent);
            throw;
        }
    }

    /// <param name="unsent">Filled with the batches this call admits, emptied once they are published.</param>
    private async Task<DispatchOutcome> SendBatchesAsync(RunRecord run, ScoreStep work, List<BatchPlan> unsent, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var step = run.Steps.Single(s => s.Step == work.Step);
        if (work.Batches.Count == 0)
        {
            return new DispatchOutcome(null, true);
        }

        var configuration = run.Configuration!;
        // One phase per ScoreStep: the step's dev/test split, or its training minibatch.
        var examples = await datasets.BatchExamplesAsync(run, step, work.Batches[0].Split, cancellationToken);
        var messages = new List<ScoreBatch>();
        long calls = 0;
        var recorded = false;
        var scoring = new ScoringSettings
        {
            Profile = configuration.Profile, Task = configuration.TaskDefinition(run.Task), Position = configuration.Position,
            TwoRoundExtraction = configuration.TwoRoundExtraction, TaskModel = configuration.TaskModel,
        };
        var remaining = work.Batches.ToList();
        var admittedHere = unsent;
        var sending = new List<(BatchPlan Batch, int Calls)>();
        var rounds = configuration.TwoRoundExtraction ? 2 : 1;
        var memoized = true;
        // Batches answered from the memo are recorded at once and free their slot: admit again until one round sends only.
        while (memoized)
        {
            memoized = false;
            var admitted = window.Admit(run.Id, step.Step, remaining);
            admittedHere.AddRange(admitted);
            var keys = admitted.ToDictionary(
                b => b,
                b => Enumerable.Range(b.From, b.Size).Select(i => ExampleMemoKey.For(run.Id, configuration, b.Prompt, examples[i])).ToArray());
            var memo = keys.Count == 0 ? new Dictionary<string, ExampleResultRecord>() : await store.GetExampleResultsAsync([.. keys.Values.SelectMany(k => k)], cancellationToken);
            foreach (var (batch, batchKeys) in keys)
            {
                var missing = Enumerable.Range(0, batch.Size).Where(i => !memo.ContainsKey(batchKeys[i])).ToList();
                if (missing.Count == 0)
                {
                    if ((await store.RecordScoredBatchAsync(BatchRecords.FromMemo(run.Id, step.Step, batch, batchKeys, memo, clock), cancellationToken)).BatchRecorded)
                    {
                        recorded = true;
                        metrics.BatchRecorded(SchedulerMetrics.FromMemo);
                    }

                    remaining.Remove(batch);
                    memoized = true;
                    continue;
                }

                calls += missing.Count * rounds;
                sending.Add((batch, missing.Count * rounds));
                messages.Add(new ScoreBatch
                {
                    RunId = run.Id,
                    Step = step.Step,
                    Kind = step.Kind,
                    CandidateIndex = batch.CandidateIndex,
                    BatchIndex = batch.BatchIndex,
                    Prompt = batch.Prompt,
                    Split = batch.Split,
                    From = batch.From,
                    To = batch.To,
                    WorkToken = step.WorkToken,
                    Scoring = scoring,
                    Examples = [.. missing.Select(i => RunDatasetConversion.ToData(examples[batch.From + i], batch.From + i))],
                });
            }
        }

        if (messages.Count == 0)
        {
            return new DispatchOutcome(null, recorded || work.Batches.Count > remaining.Count);
        }

        // The step's batches out before this dispatch may still spend what they reserved: MaxCalls leaves room for
        // them (read before the spend, so a batch recorded meanwhile is counted twice rather than not at all).
        var callsInFlight = RunSpend.IsLimited(run.Settings)
            ? window.CallsInFlight(run.Id, step.Step, work.Batches.Except(admittedHere), b => b.Size * rounds)
            : 0;
        var spend = await SpendAsync(run, cancellationToken);
        if (spend.Shortfall(run.Settings, calls, callsInFlight) is { } shortfall)
        {
            return new DispatchOutcome(shortfall, false);
        }

        foreach (var (batch, reserved) in sending)
        {
            window.Reserve(run.Id, step.Step, batch, reserved);
        }

        // The test evaluation is a trace of its own, like a step (steps 0..T are traced when opened), started by its
        // first dispatch only. The trace is stored before the batches leave, so no reply (and no refill) can read the
        // run without it. A refill starting a root of its own split the test step into one trace per reply and
        // rewrote the run document at each.
        using var scope = step.Kind == StepKind.Test && step.TraceId is null
            ? RunTracing.StepStarted(run.Id, run.Task, step.Step, run.TotalSteps, editBudget: null, run.RunTraceParent)
            : null;
        if (scope is not null)
        {
            await RememberTraceAsync(run.Id, step.Step, scope, cancellationToken);
        }

        // Any other sender joins the step's trace: the reply that closes step T refills the test step it opened, and a
        // late reply, a re-drive or a resume sends the current step's batches; their ScoreBatches went out in the
        // sender's trace, and every reply to them refilled in it (seen in CI: two of six test batches in step T's trace).
        using var joined = scope is null ? RunTracing.JoinStep(run.Id, step) : null;

        // One batch publish: one by one waited a broker confirm each (~10–30 ms on 2 cores) before the last
        // candidate's work even left the scheduler (measured with `scenarios --timeline`).
        await bus.PublishBatch(messages, cancellationToken);
        unsent.Clear(); // sent: from here on a failure leaves them in flight
        return new DispatchOutcome(null, recorded);
    }

    /// <summary>What the run has spent, read only when it has a limit to check it against: a run without one would
    /// read all its usage records (one per step and role) before every batch it dispatches, for nothing.</summary>
    private async Task<RunSpend> SpendAsync(RunRecord run, CancellationToken cancellationToken) =>
        RunSpend.IsLimited(run.Settings) ? RunSpend.Of(await store.GetUsageAsync(run.Id, cancellationToken)) : RunSpend.Unknown;

    // The trace id finds the step in a dashboard; the traceparent keeps work sent from other traces in it (RunTracing.JoinStep).
    private async Task RememberTraceAsync(Guid runId, int stepNumber, RootSpanScope scope, CancellationToken cancellationToken)
    {
        if (scope.TraceId is not { } traceId)
        {
            return;
        }

        await updater.UpdateAsync(runId, r =>
        {
            var step = r.Steps.FirstOrDefault(s => s.Step == stepNumber);
            if (step is null || (step.TraceId == traceId && step.TraceParent == scope.TraceParent))
            {
                return false;
            }

            step.TraceId = traceId;
            step.TraceParent = scope.TraceParent;
            return true;
        }, cancellationToken);
    }
}
