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
    public async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var redriven = 0;
        foreach (var run in await store.ListRunsAsync(500, cancellationToken))
        {
            if (run.Status != RunStatus.Running || now - run.UpdatedAt < options.Value.StallTimeout)
            {
                continue;
            }

            var scores = await store.GetBatchScoresAsync(run.Id, run.CurrentStep, cancellationToken);
            if (scores.Any(s => now - s.RecordedAt < options.Value.StallTimeout))
            {
                continue; // still scoring, just slowly
            }

            LogRedrive(run.Id, run.CurrentStep, now - run.UpdatedAt);
            using var span = RunTracing.Redrive(run);
            await coordinator.RedriveStalledAsync(run, bus, cancellationToken);
            redriven++;
        }

        return redriven;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

    [LoggerMessage(LogLevel.Error, "Watchdog pass failed; the next tick tries again")]
    private partial void LogFailed(Exception exception);
}
