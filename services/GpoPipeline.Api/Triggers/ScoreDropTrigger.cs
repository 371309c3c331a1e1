using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Runs;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// The score-drop trigger (issue 12): after labelled examples are appended, a score check — an evaluation-only run
/// through the scheduler and the scorers, like a challenge's held-out scoring — scores the champion on the newest
/// examples; when it ends, a drop of more than <see cref="TaskPolicy.ScoreDropThreshold"/> points below the
/// champion's recorded score starts a re-optimization. The check holds the task's one run slot, so it never
/// overlaps an optimization, and hands the slot to the re-optimization it starts.
/// </summary>
public sealed partial class ScoreDropTrigger(
    ControlPlaneStore store, IRunStore runs, RunSubmission submission, TimeProvider clock, ILogger<ScoreDropTrigger> logger)
{
    public const string CheckedOutcome = "score-checked";
    public const string DroppedOutcome = "score-dropped";

    /// <summary>Starts a score check after an append when the policy asks for one; null when none was started.</summary>
    /// <param name="recordOutcome">False leaves what the check did off the task's lastTrigger (logged only when it
    /// could not start): the append's data trigger recorded a postponed re-optimization there, which it would replace.</param>
    public async Task<Guid?> AfterIngestAsync(TaskRecord task, int added, bool recordOutcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Policy.ScoreDropThreshold is null)
        {
            return null;
        }

        return (await StartAsync(task.Id, $"score check (+{added} examples)", task.Policy.ScoreDropExamples, recordOutcome, cancellationToken)).RunId;
    }

    /// <summary>The check's run ended (the task's slot already released): record the score, re-optimize on a drop.</summary>
    public async Task ConcludeAsync(SubmissionRecord check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var id = ChallengeDecider.DecisionId(check);
        if (await store.GetDecisionAsync(id, cancellationToken) is not null)
        {
            return; // concluded by an earlier delivery
        }

        var run = await runs.GetRunAsync(check.RunId, cancellationToken);
        var task = await store.GetTaskAsync(check.Task, cancellationToken);
        var champion = await store.GetChampionAsync(check.Task, cancellationToken);
        var decision = new DecisionRecord
        {
            Id = id, Task = check.Task, Outcome = CheckedOutcome, RunId = check.RunId, Trigger = check.Trigger,
            ChampionVersion = check.ChampionVersion, DecidedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (run is not { Status: RunStatus.Completed, InitialTestScore: { } score } || task is null || champion is null)
        {
            decision.Reason = $"the score check ended {run?.Status.ToString() ?? "without a run"} without a score; nothing compared";
        }
        else if (champion.Number != check.ChampionVersion)
        {
            decision.Reason = $"the champion changed during the check (v{check.ChampionVersion} → v{champion.Number}); nothing compared";
        }
        else
        {
            var verdict = new ScoreDropVerdict(
                100 * score, await ChampionReferenceScore.OfAsync(store, champion, cancellationToken),
                task.Policy.ScoreDropThreshold ?? double.PositiveInfinity, check.CheckedExamples);
            decision.ChampionScore = verdict.Observed;
            decision.ExampleCount = verdict.ExampleCount;
            decision.Reason = verdict.Describe(champion.Number);
            if (verdict.Dropped)
            {
                decision.Outcome = DroppedOutcome;
                decision.Reason += await ReoptimizeAsync(check, task, verdict, champion.Number, cancellationToken);
            }
        }

        if (await store.TryAddDecisionAsync(decision, cancellationToken))
        {
            ChampionDecisionLog.Recorded(logger, decision);
        }
    }

    private async Task<string> ReoptimizeAsync(SubmissionRecord check, TaskRecord task, ScoreDropVerdict verdict, int championVersion, CancellationToken cancellationToken)
    {
        var trigger = $"score-drop (champion v{championVersion}: {verdict.Observed:0.##} on the newest {verdict.ExampleCount} examples vs {verdict.Reference:0.##} recorded)";
        if (await StartedEarlierAsync(check, trigger, cancellationToken) is { } earlier)
        {
            // An earlier delivery of this run end started the re-optimization and died before recording the decision (a
            // store error, a crash): its retry found the slot taken by that very run and recorded "not started".
            var recorded = TriggerOutcome.Started(trigger, earlier.SubmittedAt, earlier.RunId);
            await TriggerOutcomes.RecordAsync(store, task.Id, recorded, null, logger, cancellationToken);
            return $"; re-optimization {earlier.RunId} started";
        }

        var outcome = await StartAsync(task.Id, trigger, null, recordOutcome: true, cancellationToken);
        return outcome.RunId is { } started ? $"; re-optimization {started} started" : $"; re-optimization not started: {outcome.SkipReason}";
    }

    /// <summary>The re-optimization this check started already (the same trigger, submitted since the check, not failed to start).</summary>
    private async Task<SubmissionRecord?> StartedEarlierAsync(SubmissionRecord check, string trigger, CancellationToken cancellationToken) =>
        (await store.ListSubmissionsSinceAsync(check.Task, check.SubmittedAt, cancellationToken))
            .LastOrDefault(s => s.RunId != check.RunId && s.StartFailure is null && string.Equals(s.Trigger, trigger, StringComparison.Ordinal));

    /// <summary>Starts the check or the re-optimization and keeps what it did on the task (unless told not to), as the other triggers do.</summary>
    private async Task<TriggerOutcome> StartAsync(string taskName, string trigger, int? scoreCheckExamples, bool recordOutcome, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow().UtcDateTime;
        TriggerOutcome outcome;
        try
        {
            var started = await submission.SubmitAsync(taskName, trigger, null, cancellationToken, scoreCheckExamples);
            outcome = TriggerOutcome.Started(trigger, at, started.RunId);
        }
        catch (ApiProblemException ex)
        {
            LogPostponed(taskName, ex.Message);
            outcome = TriggerOutcome.Skipped(trigger, at, ex.Message);
        }

        if (recordOutcome)
        {
            await TriggerOutcomes.RecordAsync(store, taskName, outcome, null, logger, cancellationToken);
        }

        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Score check or re-optimization of task {Task} not started: {Reason}")]
    private partial void LogPostponed(string task, string reason);
}
