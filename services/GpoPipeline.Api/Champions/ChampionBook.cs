using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;

namespace GpoPipeline.Api.Champions;

/// <summary>A task's champion versions: the first one, promotions and rollbacks, each recorded as a decision.</summary>
public sealed partial class ChampionBook(
    ControlPlaneStore store, ChampionAnnouncements announcements, IPublishEndpoint bus, TimeProvider clock, ILogger<ChampionBook> logger)
{
    /// <summary>The champion in force; a task whose first champion was not yet written gets its initial prompt as v1.</summary>
    public async Task<ChampionVersionRecord> CurrentAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (await store.GetChampionAsync(task.Id, cancellationToken) is { } current)
        {
            return current;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var first = new ChampionVersionRecord
        {
            Task = task.Id, Number = 1, Prompt = task.Settings.InitialPrompt, Reason = "the task's initial prompt", PromotedAt = now,
        };
        if (await store.TryAddChampionAsync(first, cancellationToken))
        {
            await store.TryAddDecisionAsync(new DecisionRecord
            {
                Id = $"{task.Id}/initial", Task = task.Id, Outcome = "initial", Trigger = "task created", NewChampionVersion = 1,
                Reason = "the task's initial prompt is its first champion", DecidedAt = now,
            }, cancellationToken);
        }

        return (await store.GetChampionAsync(task.Id, cancellationToken))!;
    }

    /// <summary>
    /// Restores the champion before the current one as a new version (so ETags move on), recorded as a decision. The
    /// restored version takes the predecessor of the version it restores, so rolling back again steps one further back
    /// (v3 → v2 → v1), until the task's first champion, where a further rollback is refused saying so.
    /// </summary>
    public async Task<ChampionVersionRecord> RollbackAsync(TaskRecord task, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var current = await CurrentAsync(task, cancellationToken);
        if (current.Predecessor is not { } previousNumber)
        {
            throw ApiProblemException.Conflict(current.Restores is { } first
                ? $"Task '{task.Id}' has no earlier champion to roll back to: champion v{current.Number} is a rollback to v{first}, the task's first " +
                  $"champion, and a rollback goes to the champion before the one in force. A newer champion comes from a run (POST /v1/tasks/{task.Id}/runs)."
                : $"Task '{task.Id}' has no earlier champion to roll back to (champion v{current.Number} is its first).");
        }

        // Versions are never removed: the predecessor of the version in force is stored.
        var previous = await store.GetChampionVersionAsync(task.Id, previousNumber, cancellationToken)
            ?? throw new InvalidOperationException($"Champion v{previousNumber} of task '{task.Id}', the predecessor of v{current.Number}, is not stored.");
        var now = clock.GetUtcNow().UtcDateTime;
        var restored = new ChampionVersionRecord
        {
            Task = task.Id, Number = current.Number + 1, Prompt = previous.Prompt, RunId = previous.RunId, HeldOutScore = previous.HeldOutScore,
            Predecessor = previous.Predecessor, Restores = previous.Number, PromotedAt = now,
            Reason = $"rollback of v{current.Number} to v{previous.Number}",
            AnnouncementPending = true,
        };
        if (!await store.TryAddChampionAsync(restored, cancellationToken))
        {
            throw ApiProblemException.Conflict($"Task '{task.Id}''s champion changed while rolling back; read it again and retry.");
        }

        var rollback = new DecisionRecord
        {
            Id = $"{task.Id}/rollback/{restored.Number}", Task = task.Id, Outcome = "rolled-back", Trigger = trigger,
            ChampionVersion = current.Number, NewChampionVersion = restored.Number, Reason = restored.Reason, DecidedAt = now,
        };
        // From here the rollback is in force: a failure answered 500, and the caller's retry rolled back one step further.
        try
        {
            if (await store.TryAddDecisionAsync(rollback, cancellationToken))
            {
                ChampionDecisionLog.Recorded(logger, rollback);
            }
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            LogDecisionNotRecorded(ex, task.Id, restored.Number);
        }

        try
        {
            await announcements.AnnounceAsync(restored, bus, cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The version stays marked unannounced unless the mark was cleared, so the announcement sweep publishes it.
            LogAnnouncementPostponed(ex, task.Id, restored.Number);
        }

        return restored;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The rollback of task {Task} to champion v{Version} is in force but its decision could not be recorded")]
    private partial void LogDecisionNotRecorded(Exception ex, string task, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rollback of task {Task} to champion v{Version} is in force but its announcement did not complete (ChampionPromoted, then the version's unannounced mark); the announcement sweep sends it while the mark stays")]
    private partial void LogAnnouncementPostponed(Exception ex, string task, int version);
}
