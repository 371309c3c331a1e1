using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Triggers;
using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Significance;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;

namespace GpoPipeline.Api.Champions;

/// <summary>
/// Decides champion vs challenger when a control-plane run ends (issue 12): paired test on the held-out outcomes,
/// promotion only when significant and large enough, the decision with its evidence kept, ChampionPromoted
/// published. One decision per run (keyed by the run), however often the event is delivered; every delivery announces
/// the decision as stored (a promotion again included), so one that died before announcing loses nothing. Only for a run the run
/// store shows ended as the event says (<see cref="RunEnds"/>): a decision is final and frees the task's slot.
/// </summary>
public sealed class ChallengeDecider(
    ControlPlaneStore store, IRunStore runs, ScoreDropTrigger scoreDrops, ChampionAnnouncements announcements, TimeProvider clock, ILogger<ChallengeDecider> logger)
    : IConsumer<RunCompleted>, IConsumer<RunFailed>
{
    public async Task Consume(ConsumeContext<RunCompleted> context)
    {
        var submission = await store.GetSubmissionAsync(context.Message.RunId, context.CancellationToken);
        if (submission is null)
        {
            return; // a run the control plane did not start (e.g. `gpo optimize`)
        }

        var run = await runs.GetRunAsync(submission.RunId, context.CancellationToken);
        if (!RunEnds.Confirms(run, context.Message))
        {
            RunEnds.Ignored(logger, nameof(ChallengeDecider), nameof(RunCompleted), submission.RunId, run);
            return;
        }

        if (submission.ScoreCheck)
        {
            // No challenger: the slot is released first so the re-optimization a drop starts can take it.
            await ReleaseAsync(submission, context.CancellationToken);
            await scoreDrops.ConcludeAsync(submission, context.CancellationToken);
            await AnnounceAsync(submission, context);
            return;
        }

        await DecideAsync(submission, run, context, context.CancellationToken);
        await ReleaseAsync(submission, context.CancellationToken);
        await AnnounceAsync(submission, context);
    }

    public async Task Consume(ConsumeContext<RunFailed> context)
    {
        var submission = await store.GetSubmissionAsync(context.Message.RunId, context.CancellationToken);
        if (submission is null)
        {
            return;
        }

        var run = await runs.GetRunAsync(submission.RunId, context.CancellationToken);
        if (!RunEnds.Confirms(run, context.Message))
        {
            RunEnds.Ignored(logger, nameof(ChallengeDecider), nameof(RunFailed), submission.RunId, run);
            return;
        }

        // The reason the scheduler stored with the run, which its RunFailed carries (a copy from elsewhere may not).
        var what = submission.ScoreCheck ? "the score check" : "the run";
        await AddAsync(Kept(submission, $"{what} failed: {run.FailureReason ?? context.Message.Reason}"), context.CancellationToken);
        await ReleaseAsync(submission, context.CancellationToken);
        await AnnounceAsync(submission, context);
    }

    /// <param name="run">The run as stored, ended with results (<see cref="RunEnds.Confirms(RunRecord?, RunCompleted)"/>).</param>
    private async Task<DecisionRecord?> DecideAsync(SubmissionRecord submission, RunRecord run, ConsumeContext<RunCompleted> context, CancellationToken cancellationToken)
    {
        var id = DecisionId(submission);
        if (await store.GetDecisionAsync(id, cancellationToken) is not null)
        {
            return null; // decided by an earlier delivery
        }

        var task = await store.GetTaskAsync(submission.Task, cancellationToken);
        if (task is null)
        {
            return await AddAsync(Kept(submission, "the task no longer exists"), cancellationToken);
        }

        if (run.Status != RunStatus.Completed)
        {
            return await AddAsync(Kept(submission, $"the run ended {context.Message.Status} without a held-out evaluation"), cancellationToken);
        }

        var outcomes = HeldOutOutcomes.From(run, await runs.GetBatchScoresAsync(run.Id, run.TotalSteps + 1, cancellationToken));
        if (outcomes is not { } paired)
        {
            return await AddAsync(Kept(submission, "no per-example held-out outcomes were recorded for the run"), cancellationToken);
        }

        var result = PairedComparison.Compare(paired.Champion, paired.Challenger, task.Policy.Alpha, task.Policy.MinimumEffect);
        var decision = Kept(submission, result.Reason);
        decision.ChampionScore = result.ChampionScore;
        decision.ChallengerScore = result.ChallengerScore;
        decision.PValue = result.PValue;
        decision.ExampleCount = result.ExampleCount;
        decision.Test = result.Test;
        if (result.Promote && paired.ChallengerPrompt is { } prompt)
        {
            await PromoteAsync(submission, decision, prompt, result, cancellationToken);
        }

        return await AddAsync(decision, cancellationToken);
    }

    private async Task PromoteAsync(SubmissionRecord submission, DecisionRecord decision, string prompt, ComparisonResult result, CancellationToken cancellationToken)
    {
        // A redelivery after a crash between promotion and decision finds its own champion version. A promotion writes the
        // version after the one its run started from, so that one is read, and the one in force: not the task's history.
        var mine = await store.GetChampionVersionAsync(submission.Task, submission.ChampionVersion + 1, cancellationToken) is { } next
            && next.RunId == submission.RunId && next.Restores is null ? next : null;
        var current = await store.GetChampionAsync(submission.Task, cancellationToken);
        if (mine is null && current?.Number != submission.ChampionVersion)
        {
            decision.Reason = $"{result.Reason}, but the champion changed during the run (v{submission.ChampionVersion} → v{current?.Number}); kept";
            return;
        }

        if (mine is null)
        {
            mine = new ChampionVersionRecord
            {
                Task = submission.Task, Number = submission.ChampionVersion + 1, Prompt = prompt, RunId = submission.RunId,
                HeldOutScore = result.ChallengerScore, Predecessor = submission.ChampionVersion, PromotedAt = clock.GetUtcNow().UtcDateTime,
                Reason = result.Reason, AnnouncementPending = true,
            };
            if (!await store.TryAddChampionAsync(mine, cancellationToken))
            {
                decision.Reason = $"{result.Reason}, but another promotion or rollback won the race; kept";
                return;
            }
        }

        decision.Outcome = "promoted";
        decision.NewChampionVersion = mine.Number;
    }

    private async Task<DecisionRecord> AddAsync(DecisionRecord decision, CancellationToken cancellationToken)
    {
        if (await store.TryAddDecisionAsync(decision, cancellationToken))
        {
            ChampionDecisionLog.Recorded(logger, decision);
        }

        return decision;
    }

    private DecisionRecord Kept(SubmissionRecord submission, string reason) => new()
    {
        Id = DecisionId(submission), Task = submission.Task, Outcome = "kept", RunId = submission.RunId, Trigger = submission.Trigger,
        ChampionVersion = submission.ChampionVersion, Reason = reason, DecidedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>
    /// Tells every replica's progress streams that the run's decision is recorded and, for a promotion not yet announced
    /// (its version still marked), every subscriber that the champion changed. Both from the decision as stored, on every delivery: the first one may have died
    /// between recording and publishing (a crash, a publish or store error), and its redelivery or retry finds the
    /// decision made, so announcing only what this delivery decided lost the promotion for good. A duplicate carries the
    /// same run and champion version, so subscribers can tell it from a new one. A run end that goes to
    /// challenge-decider_error leaves its promotion marked unannounced for <see cref="ChampionAnnouncementSweep"/>.
    /// </summary>
    private async Task AnnounceAsync(SubmissionRecord submission, ConsumeContext context)
    {
        if (await store.GetDecisionAsync(DecisionId(submission), context.CancellationToken) is not { } decision)
        {
            return;
        }

        await context.Publish(new ChampionDecisionRecorded
        {
            RunId = submission.RunId, Task = submission.Task, Outcome = decision.Outcome,
            ChampionVersion = decision.NewChampionVersion ?? decision.ChampionVersion, PValue = decision.PValue, Reason = decision.Reason,
        }, context.CancellationToken);
        if (decision is { Outcome: "promoted", NewChampionVersion: { } promoted })
        {
            // The version this run promoted, not the one in force: a rollback or another promotion may have followed.
            var champion = await store.GetChampionVersionAsync(submission.Task, promoted, context.CancellationToken)
                ?? throw new InvalidOperationException($"Champion v{promoted} of task '{submission.Task}', promoted by run {submission.RunId}, is not stored.");
            // Only while it is unannounced: a late copy of the run end, after the champion moved on (a rollback), would
            // otherwise tell subscribers that reading the newest event the old promotion is in force again.
            if (champion.AnnouncementPending)
            {
                await announcements.AnnounceAsync(champion, context, context.CancellationToken);
            }
        }
    }

    /// <summary>The task may start its next optimization.</summary>
    private async Task ReleaseAsync(SubmissionRecord submission, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var task = await store.GetTaskAsync(submission.Task, cancellationToken);
            if (task is null || task.ActiveRunId != submission.RunId)
            {
                return;
            }

            task.ActiveRunId = null;
            if (await store.TryUpdateTaskAsync(task, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// The decision about the run's latest attempt. A failed run is decided "kept" at once (it frees the task); when it
    /// is resumed (<see cref="Runs.RunResumption"/> counts <see cref="SubmissionRecord.Resumes"/>) its next end is
    /// another decision under another id, so the results of the resumed run are considered for promotion; the first
    /// attempt keeps the plain id, so stored decisions keep theirs. Redeliveries of one attempt's end still decide once.
    /// </summary>
    public static string DecisionId(SubmissionRecord submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return submission.Resumes == 0 ? $"run/{submission.RunId:N}" : $"run/{submission.RunId:N}/{submission.Resumes}";
    }
}
