using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// Scheduled re-optimization (issue 12): each task's cron (UTC) is checked every ScheduleInterval. A due tick is
/// claimed in the store before anything starts — the claim's unique key lets exactly one replica win it, and it
/// outlives restarts. The claim is a lease (TickClaimLease): a replica that died between claiming a tick and recording
/// it (crash, kill, deploy) lost the tick for ever, so a claim older than the lease on a tick still not recorded is
/// taken over by compare-and-set (one taker wins), and the tick starts up to one lease late. The dead claimant may have
/// submitted the run already: the taker looks for the tick's submission (its trigger text names the tick) and records
/// that run instead of starting a second. Ticks missed while every replica was down collapse into the latest one (one
/// catch-up run, not a burst).
/// </summary>
public sealed partial class ScheduleTrigger(
    IServiceScopeFactory scopes, IOptions<ControlPlaneOptions> options, TimeProvider clock, ILogger<ScheduleTrigger> logger) : BackgroundService
{
    private readonly string replica = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Starts the runs due at <paramref name="now"/>; returns the ids of the runs this replica started.</summary>
    public async Task<IReadOnlyList<Guid>> RunDueAsync(DateTime now, CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<ControlPlaneStore>();
        var submission = scope.ServiceProvider.GetRequiredService<RunSubmission>();
        var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
        var started = new List<Guid>();
        foreach (var task in await store.ListTasksAsync(cancellationToken))
        {
            if (task.Policy.Cron is not { } cron || LatestTick(cron, task, now) is not { } tick)
            {
                continue;
            }

            var claim = await ClaimAsync(store, task.Id, tick, now, cancellationToken);
            if (claim is Claim.None)
            {
                continue; // another replica (or an earlier life of this one) has this tick, within its lease
            }

            var trigger = $"schedule ({tick:yyyy-MM-ddTHH:mm}Z)";
            TriggerOutcome outcome;
            try
            {
                var earlier = claim is Claim.TakenOver ? await SubmittedBeforeAsync(store, task.Id, trigger, cancellationToken) : null;
                if (earlier is not null && await runs.GetRunAsync(earlier.RunId, cancellationToken) is null)
                {
                    // Submitted, and the scheduler has not created its run: its StartRun may still be on its way (a
                    // scheduler down or behind), or never have left (the claimant died before publishing it). While the
                    // submission holds the task (RunSubmission.ActiveRunAsync), the tick is left unrecorded and taken over
                    // again a lease later; after that the submission counts as abandoned and the tick's run is submitted anew.
                    if (await store.GetTaskAsync(task.Id, cancellationToken) is { } current && await submission.ActiveRunAsync(current, cancellationToken) == earlier.RunId)
                    {
                        LogEarlierPending(task.Id, tick, earlier.RunId);
                        continue;
                    }

                    earlier = null;
                }

                if (earlier is not null)
                {
                    outcome = TriggerOutcome.Started(trigger, now, earlier.RunId); // the dead claimant's run: not this replica's
                }
                else
                {
                    var runId = (await submission.SubmitAsync(task.Id, trigger, null, cancellationToken)).RunId;
                    started.Add(runId);
                    outcome = TriggerOutcome.Started(trigger, now, runId);
                }
            }
            catch (ApiProblemException ex)
            {
                LogSkipped(task.Id, tick, ex.Message);
                outcome = TriggerOutcome.Skipped(trigger, now, ex.Message);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The tick is claimed: unrecorded, it was lost for ever, and the other tasks' ticks waited for the next round.
                LogSubmitFailed(ex, task.Id, tick);
                outcome = TriggerOutcome.Skipped(trigger, now, $"the run could not be submitted ({ex.GetType().Name}: {ex.Message})");
            }

            try
            {
                await RememberAsync(store, task.Id, tick, outcome, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogNotRemembered(ex, task.Id, tick); // the other tasks still get their ticks
            }
        }

        return started;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ScheduleInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunDueAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    private enum Claim
    {
        None,
        Claimed,
        TakenOver,
    }

    /// <summary>
    /// Claims the tick, or takes over a claim whose lease ran out while the tick is still not recorded: its claimant
    /// died, or is slower than the lease. Then both may submit, and the task's one-run-at-a-time rule (ActiveRunId,
    /// compare-and-set) refuses the later of the two; the refused one records the tick as skipped.
    /// </summary>
    private async Task<Claim> ClaimAsync(ControlPlaneStore store, string task, DateTime tick, DateTime now, CancellationToken cancellationToken)
    {
        if (await store.TryClaimTickAsync(task, tick, replica, now, cancellationToken))
        {
            return Claim.Claimed;
        }

        if (await store.TryTakeOverTickAsync(task, tick, replica, now, options.Value.TickClaimLease, cancellationToken) is not { } lapsed)
        {
            return Claim.None;
        }

        // Read again: the task list this round started from may predate the claimant recording the tick.
        if ((await store.GetTaskAsync(task, cancellationToken))?.LastCronTick >= tick)
        {
            return Claim.None;
        }

        LogTakenOver(task, tick, lapsed.Claimant, lapsed.ClaimedAt);
        return Claim.TakenOver;
    }

    /// <summary>The tick's run a claimant that died had submitted before it could record the tick; null when it submitted none that started.</summary>
    private static async Task<SubmissionRecord?> SubmittedBeforeAsync(ControlPlaneStore store, string task, string trigger, CancellationToken cancellationToken) =>
        (await store.ListSubmissionsByTriggerAsync(task, trigger, cancellationToken)).FirstOrDefault(s => s.StartFailure is null);

    private static DateTime? LatestTick(string cron, TaskRecord task, DateTime now)
    {
        var expression = TaskSettingsValidator.ParseCron(cron);
        var from = task.LastCronTick ?? task.CreatedAt;
        if (now - from > TimeSpan.FromDays(7))
        {
            from = now - TimeSpan.FromDays(7); // catching up on a long outage needs only the latest tick
        }

        var ticks = expression.GetOccurrences(DateTime.SpecifyKind(from, DateTimeKind.Utc), DateTime.SpecifyKind(now, DateTimeKind.Utc), fromInclusive: false, toInclusive: true);
        DateTime? latest = null;
        foreach (var tick in ticks)
        {
            latest = tick;
        }

        return latest;
    }

    /// <summary>The tick is handled (started or skipped): it and what it did are recorded in one update.</summary>
    private Task RememberAsync(ControlPlaneStore store, string taskName, DateTime tick, TriggerOutcome outcome, CancellationToken cancellationToken) =>
        TriggerOutcomes.RecordAsync(store, taskName, outcome, task =>
        {
            if (task.LastCronTick >= tick)
            {
                return false;
            }

            task.LastCronTick = tick;
            return true;
        }, logger, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The claim on the tick of task {Task} at {Tick:o} lapsed (claimed by {Claimant} at {ClaimedAt:o}, never recorded: it may have died); this replica takes the tick over")]
    private partial void LogTakenOver(string task, DateTime tick, string claimant, DateTime claimedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The tick of task {Task} at {Tick:o} was submitted as run {RunId} by a replica that died before recording it, and no run {RunId} exists yet; the tick is looked at again a lease from now")]
    private partial void LogEarlierPending(string task, DateTime tick, Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled re-optimization of task {Task} at {Tick:o} skipped: {Reason}")]
    private partial void LogSkipped(string task, DateTime tick, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled re-optimization of task {Task} at {Tick:o} failed to submit; the tick is recorded as skipped")]
    private partial void LogSubmitFailed(Exception ex, string task, DateTime tick);

    [LoggerMessage(Level = LogLevel.Error, Message = "What the tick of task {Task} at {Tick:o} did could not be recorded")]
    private partial void LogNotRemembered(Exception ex, string task, DateTime tick);

    [LoggerMessage(Level = LogLevel.Error, Message = "The schedule trigger failed; it tries again at the next interval")]
    private partial void LogFailed(Exception ex);
}
