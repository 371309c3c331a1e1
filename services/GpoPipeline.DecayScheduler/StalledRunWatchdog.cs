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
    IRunStore store,
    RunDriver coordinator,
    IBus bus,
    TimeProvider clock,
    IOptions<SchedulerOptions> options,
    SchedulerMetrics metrics,
    ILogger<StalledRunWatchdog> logger)
    : BackgroundService
{
    /// <summary>Running runs read from the store at a time: a pass pages through all of them, never only the newest.</summary>
    public const int PageSize = 100;

    /// <summary>The one key of <see cref="_passFailures"/>.</summary>
    private const string Pass = "pass";

    // A store or broker that stays broken fails the same re-drives at every pass: logged when they start, change or end.
    private readonly RepeatedFailures<Guid> _runFailures = new();
    private readonly RepeatedFailures<string> _passFailures = new();

    /// <summary>
    /// Re-drives every Running run that stalled, whatever else the store holds (<see cref="RunsInStatus"/>); a run whose
    /// re-drive fails is logged and the pass goes on with the others (the next pass tries it again).
    /// </summary>
    /// <returns>The runs re-driven.</returns>
    public async Task<int> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var redriven = 0;
        var running = new HashSet<Guid>();
        await foreach (var run in RunsInStatus.ReadAllAsync(store, RunStatus.Running, PageSize, cancellationToken))
        {
            running.Add(run.Id);
            if (now - run.UpdatedAt < options.Value.StallTimeout)
            {
                if (_runFailures.TryGet(run.Id, out var streak) && run.UpdatedAt > streak.LastFailedAt)
                {
                    RunNoLongerStalled(run.Id); // it moved since its re-drive last failed: replies reached it
                }

                continue;
            }

            try
            {
                if (await RedriveIfStalledAsync(run, now, cancellationToken))
                {
                    redriven++;
                    RunRecovered(run.Id);
                }
                else
                {
                    RunNoLongerStalled(run.Id);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                RunFailed(run.Id, ex, now);
            }
        }

        // Only after a whole pass: a run whose re-drive failed and that is no longer Running ended or was removed.
        foreach (var (runId, streak) in _runFailures.EndAllBut(running))
        {
            LogRunNoLongerStalled(runId, streak.Failures, streak.Since);
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
                RunRecovered(run.Id);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                RunFailed(run.Id, ex, clock.GetUtcNow().UtcDateTime);
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

        if (!_runFailures.TryGet(run.Id, out _))
        {
            LogRedrive(run.Id, run.CurrentStep, now - run.UpdatedAt); // a run whose re-drives keep failing is reported by RunFailed
        }

        using var span = RunTracing.Redrive(run);
        await coordinator.RedriveStalledAsync(run, bus, cancellationToken);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ResumeInterruptedAsync(stoppingToken);
            PassRecovered();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            PassFailed(ex);
        }

        using var timer = new PeriodicTimer(options.Value.WatchdogInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckOnceAsync(stoppingToken);
                PassRecovered();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                PassFailed(ex);
            }
        }
    }

    private void RunFailed(Guid runId, Exception error, DateTime now)
    {
        metrics.WatchdogFailures.Add(1, new KeyValuePair<string, object?>("gpo.watchdog.scope", "run"));
        if (_runFailures.Failed(runId, error, now, options.Value.RepeatedFailureLogInterval) is not { } streak)
        {
            return; // logged less than an interval ago, as it is now
        }

        if (streak.Failures == 1)
        {
            LogRunFailed(error, runId);
        }
        else
        {
            LogRunStillFailing(error, runId, streak.Failures, streak.Since, options.Value.RepeatedFailureLogInterval);
        }
    }

    private void RunRecovered(Guid runId)
    {
        if (_runFailures.Succeeded(runId) is { } streak)
        {
            LogRunRecovered(runId, streak.Failures, streak.Since);
        }
    }

    private void RunNoLongerStalled(Guid runId)
    {
        if (_runFailures.Succeeded(runId) is { } streak)
        {
            LogRunNoLongerStalled(runId, streak.Failures, streak.Since);
        }
    }

    private void PassFailed(Exception error)
    {
        metrics.WatchdogFailures.Add(1, new KeyValuePair<string, object?>("gpo.watchdog.scope", "pass"));
        if (_passFailures.Failed(Pass, error, clock.GetUtcNow().UtcDateTime, options.Value.RepeatedFailureLogInterval) is not { } streak)
        {
            return;
        }

        if (streak.Failures == 1)
        {
            LogFailed(error);
        }
        else
        {
            LogStillFailing(error, streak.Failures, streak.Since, options.Value.RepeatedFailureLogInterval);
        }
    }

    private void PassRecovered()
    {
        if (_passFailures.Succeeded(Pass) is { } streak)
        {
            LogRecovered(streak.Failures, streak.Since);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Run {RunId} stalled at step {Step} for {Idle}; re-sending its pending work")]
    private partial void LogRedrive(Guid runId, int step, TimeSpan idle);

    [LoggerMessage(LogLevel.Warning, "Run {RunId} was running at step {Step} when the last process stopped; re-sending its pending work")]
    private partial void LogResumeInterrupted(Guid runId, int step);

    [LoggerMessage(LogLevel.Error, "Re-driving run {RunId} failed; the other runs go on and the next watchdog pass tries it again")]
    private partial void LogRunFailed(Exception exception, Guid runId);

    [LoggerMessage(LogLevel.Error, "Re-driving run {RunId} still fails: {Failures} failed attempts since {Since:O}; logged again when the error changes, when it recovers, or in {Interval}")]
    private partial void LogRunStillFailing(Exception exception, Guid runId, int failures, DateTime since, TimeSpan interval);

    [LoggerMessage(LogLevel.Information, "Re-driving run {RunId} works again, after {Failures} failed attempts since {Since:O}")]
    private partial void LogRunRecovered(Guid runId, int failures, DateTime since);

    [LoggerMessage(LogLevel.Information, "Run {RunId} no longer needs re-driving (it moved on, ended or was removed), after {Failures} failed attempts since {Since:O}")]
    private partial void LogRunNoLongerStalled(Guid runId, int failures, DateTime since);

    [LoggerMessage(LogLevel.Error, "Watchdog pass failed; the next tick tries again")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(LogLevel.Error, "Watchdog passes still fail: {Failures} failed passes since {Since:O}; logged again when the error changes, when they recover, or in {Interval}")]
    private partial void LogStillFailing(Exception exception, int failures, DateTime since, TimeSpan interval);

    [LoggerMessage(LogLevel.Information, "Watchdog passes work again, after {Failures} failed passes since {Since:O}")]
    private partial void LogRecovered(int failures, DateTime since);
}
