using GpoPipeline.Trajectories;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// The store-and-timer safety net (there is no delayed-message plugin): a scheduler that died between its
/// compare-and-set and its publish leaves a run waiting. A running run whose document and scores have not
/// moved for <see cref="SchedulerOptions.StallTimeout"/> gets its current step's work re-sent; everything
/// downstream is idempotent and answered from the response cache.
/// </summary>
public sealed partial class StalledRunWatchdog(
    IRunStore store, RunDriver coordinator, IBus bus, TimeProvider clock, IOptions<SchedulerOptions> options, ILogger<StalledRunWatchdog> logger)
    : BackgroundService
{
    /// <summary>Running runs read from the store at a time: a pass pages through all of them, never only the newest.</summary>
    public const int PageSize = 100;

    /// <summary>
    /// Re-drives every Running run that stalled, whatever else the store holds (<see cref="RunsInStatus"/>); a run whose
    /// re-drive fails is logged and the pass goes on with the others (the next pass tries it again).
    /// </summary>
    /// <returns>The runs re-driven.</returns>
    public async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var redriven = 0;
        await foreach (var run in RunsInStatus.ReadAllAsync(store, RunStatus.Running, PageSize, cancellationToken))
        {
            if (now - run.UpdatedAt < options.Value.StallTimeout)
            {
                continue;
            }

            try
            {
                if (await RedriveIfStalledAsync(run, now, cancellationToken))
                {
                    redriven++;
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogRunFailed(ex, run.Id);
            }
        }

        return redriven;
    }

    /// <summary>
    /// At start, with <see cref="SchedulerOptions.ResumeRunningAtStart"/>: every Running run was interrupted with the last
    /// process (its in-process bus held the work in flight), so its pending work is re-sent now; a run whose re-drive
    /// fails is logged and the others are resumed (the watchdog's passes re-drive it once it stalls).
    /// </summary>
    /// <returns>The runs re-driven (0 with the option off).</returns>
    public async Task<int> ResumeInterruptedAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ResumeRunningAtStart)
        {
            return 0;
        }

        var resumed = 0;
        await foreach (var run in RunsInStatus.ReadAllAsync(store, RunStatus.Running, PageSize, cancellationToken))
        {
            try
            {
                LogResumeInterrupted(run.Id, run.CurrentStep);
                using var span = RunTracing.Redrive(run);
                await coordinator.RedriveStalledAsync(run, bus, cancellationToken);
                resumed++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogRunFailed(ex, run.Id);
            }
        }

        return resumed;
    }

    private async Task<bool> RedriveIfStalledAsync(RunRecord run, DateTime now, CancellationToken cancellationToken)
    {
        var scores = await store.GetBatchScoresAsync(run.Id, run.CurrentStep, cancellationToken);
        if (scores.Any(s => now - s.RecordedAt < options.Value.StallTimeout))
        {
            return false; // still scoring, just slowly
        }

        LogRedrive(run.Id, run.CurrentStep, now - run.UpdatedAt);
        using var span = RunTracing.Redrive(run);
        await coordinator.RedriveStalledAsync(run, bus, cancellationToken);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ResumeInterruptedAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }

        using var timer = new PeriodicTimer(options.Value.WatchdogInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Run {RunId} stalled at step {Step} for {Idle}; re-sending its pending work")]
    private partial void LogRedrive(Guid runId, int step, TimeSpan idle);

    [LoggerMessage(LogLevel.Warning, "Run {RunId} was running at step {Step} when the last process stopped; re-sending its pending work")]
    private partial void LogResumeInterrupted(Guid runId, int step);

    [LoggerMessage(LogLevel.Error, "Re-driving run {RunId} failed; the other runs go on and the next watchdog pass tries it again")]
    private partial void LogRunFailed(Exception exception, Guid runId);

    [LoggerMessage(LogLevel.Error, "Watchdog pass failed; the next tick tries again")]
    private partial void LogFailed(Exception exception);
}
