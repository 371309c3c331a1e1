using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// Scheduled re-optimization (issue 12): each task's cron (UTC) is checked every ScheduleInterval. A due tick is
/// claimed in the store before anything starts — the claim's unique key lets exactly one replica win it, and it
/// outlives restarts, so no tick starts two runs. Ticks missed while every replica was down collapse into the
/// latest one (one catch-up run, not a burst).
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
        var started = new List<Guid>();
        foreach (var task in await store.ListTasksAsync(cancellationToken))
        {
            if (task.Policy.Cron is not { } cron || LatestTick(cron, task, now) is not { } tick)
            {
                continue;
            }

            if (!await store.TryClaimTickAsync(task.Id, tick, replica, cancellationToken))
            {
                continue; // another replica (or an earlier life of this one) has this tick
            }

            var trigger = $"schedule ({tick:yyyy-MM-ddTHH:mm}Z)";
            TriggerOutcome outcome;
            try
            {
                var runId = (await submission.SubmitAsync(task.Id, trigger, null, cancellationToken)).RunId;
                started.Add(runId);
                outcome = TriggerOutcome.Started(trigger, now, runId);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled re-optimization of task {Task} at {Tick:o} skipped: {Reason}")]
    private partial void LogSkipped(string task, DateTime tick, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled re-optimization of task {Task} at {Tick:o} failed to submit; the tick is recorded as skipped")]
    private partial void LogSubmitFailed(Exception ex, string task, DateTime tick);

    [LoggerMessage(Level = LogLevel.Error, Message = "What the tick of task {Task} at {Tick:o} did could not be recorded")]
    private partial void LogNotRemembered(Exception ex, string task, DateTime tick);

    [LoggerMessage(Level = LogLevel.Error, Message = "The schedule trigger failed; it tries again at the next interval")]
    private partial void LogFailed(Exception ex);
}
