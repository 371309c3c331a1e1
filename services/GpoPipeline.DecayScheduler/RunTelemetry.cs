using System.Diagnostics.Metrics;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// What an operator sees when a step closes or a run ends: the span (<see cref="RunTracing"/>), a structured log
/// in a <c>gpo.run.id</c>/<c>gpo.step</c> scope, the step and run-ending counters, and the run-duration and per-step
/// cost histograms. Called once per transition by the writer that won it (the run store's compare-and-set), so
/// nothing is reported twice; every way a run ends passes <see cref="RunEndedAsync"/>, so it is counted there.
/// </summary>
public sealed partial class RunTelemetry
{
    private readonly IRunStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<RunTelemetry> _logger;
    private readonly Counter<long> _stepsCompleted;
    private readonly Counter<long> _runsFinished;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _stepCost;

    public RunTelemetry(IRunStore store, TimeProvider clock, IMeterFactory meterFactory, ILogger<RunTelemetry> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _store = store;
        _clock = clock;
        _logger = logger;
        var meter = meterFactory.Create(SchedulerMetrics.MeterName);
        _stepsCompleted = meter.CreateCounter<long>(
            "gpo.steps.completed", "{step}", "Optimization steps closed with a prompt picked (steps 1..T, not the baseline scoring or the test evaluation), by task.");
        _runsFinished = meter.CreateCounter<long>(
            "gpo.runs.finished", "{run}", "Runs that reached a final status, by gpo.run.status (a run resumed after a stop counts again when it ends again).");
        _runDuration = meter.CreateHistogram<double>(
            "gpo.run.duration", "s", "Wall time a run ran before reaching a final status (from StartRun, or from its latest ResumeRun), by gpo.run.status.");
        _stepCost = meter.CreateHistogram<double>(
            "gpo.step.cost", "{currency}", "Model cost of one step (all roles), by phase; recorded once, when the run first ends after the step began.");
    }

    public void StepClosed(RunRecord run, int stepNumber)
    {
        ArgumentNullException.ThrowIfNull(run);
        var step = run.Steps.FirstOrDefault(s => s.Step == stepNumber);
        if (step is not { Status: StepStatus.Completed })
        {
            return; // e.g. a training minibatch scored: the step goes on to its candidates, nothing was picked yet
        }

        var result = StepResult.Of(run, step);
        if (result.Phase == StepPhase.Optimize)
        {
            _stepsCompleted.Add(1, new KeyValuePair<string, object?>(GpoAttributes.Task, run.Task));
        }

        RunTracing.StepClosed(run, stepNumber);
        using var scope = BeginScope(run.Id, stepNumber);
        LogStepCompleted(run.Id, stepNumber, run.TotalSteps, result.Phase, result.SelectedCandidate, result.SelectedScore, result.BestScore);
    }

    /// <summary>
    /// Reports a run that just reached a final status (completed, failed, cancelled, stopped: budget). It never fails
    /// the caller (cancellation aside): the caller announces the run's end after this, and a redelivery of its message
    /// finds the status saved and announces nothing, so a failed usage read here would leave the end unannounced
    /// (`gpo optimize --distributed` and the control plane's champion decision would wait forever).
    /// </summary>
    public async Task RunEndedAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var now = _clock.GetUtcNow().UtcDateTime;
        var status = new KeyValuePair<string, object?>(GpoAttributes.RunStatus, RunOutcome.Of(run.Status));
        _runsFinished.Add(1, status);
        _runDuration.Record(RunningTime(run, now).TotalSeconds, status);
        try
        {
            await ReportAsync(run, now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRunEndNotReported(ex, run.Id, RunOutcome.Of(run.Status));
        }
    }

    /// <summary>
    /// What gpo.run.duration measures: the stretch of running this ending closes, from StartRun or from the latest
    /// ResumeRun of a run stopped before (<see cref="RunRecord.ResumedAt"/>). A resumed run ends more than once and
    /// each ending records its own stretch, so samples never overlap, the sum is the time runs ran, and the time a run
    /// sat stopped waiting for a resume counts nowhere. The gpo.run.completed span and the end log keep the run's
    /// whole age (from its creation): they describe the run, not the stretch.
    /// </summary>
    private static TimeSpan RunningTime(RunRecord run, DateTime now) => now - (run.ResumedAt ?? run.CreatedAt);

    private async Task ReportAsync(RunRecord run, DateTime now, CancellationToken cancellationToken)
    {
        var usage = await _store.GetUsageAsync(run.Id, cancellationToken);
        var totals = RunTotals.From(usage);
        RunTracing.RunEnded(run, totals, now);

        // Each step's cost once: an earlier ending of a resumed run reported the steps up to the one it stopped in
        // (RunRecord.StepCostsReportedThrough); that step's spending after the resume is not reported.
        var reportedThrough = run.StepCostsReportedThrough ?? -1;
        foreach (var step in usage.Where(u => u.Step > reportedThrough).GroupBy(u => u.Step))
        {
            _stepCost.Record(step.Sum(u => u.Cost), new KeyValuePair<string, object?>(GpoAttributes.Phase, StepPhase.Of(step.Key, run.TotalSteps)));
        }

        using var scope = BeginScope(run.Id, run.CurrentStep);
        var seconds = Math.Round((now - run.CreatedAt).TotalSeconds, 1);
        switch (run.Status)
        {
            case RunStatus.Completed:
                LogRunCompleted(run.Id, run.BestDevScore, run.InitialTestScore, run.BestTestScore, totals.Calls, totals.CacheHits, totals.MemoHits, totals.InputTokens + totals.OutputTokens, totals.Cost, seconds);
                break;
            case RunStatus.StoppedBudget:
                LogRunStoppedByBudget(run.Id, run.CurrentStep, run.FailureReason, totals.Calls, totals.Cost, seconds);
                break;
            case RunStatus.Cancelled:
                LogRunCancelled(run.Id, run.CurrentStep, run.FailureReason, seconds);
                break;
            default:
                LogRunFailed(run.Id, run.CurrentStep, run.FailureReason, seconds);
                break;
        }
    }

    private IDisposable? BeginScope(Guid runId, int step) => _logger.BeginScope(new KeyValuePair<string, object?>[]
    {
        new(GpoAttributes.RunId, runId.ToString()),
        new(GpoAttributes.Step, step),
    });

    [LoggerMessage(LogLevel.Information, "Step {Step} ({Phase}, {TotalSteps} optimization steps) of run {RunId} completed: candidate {SelectedCandidate} selected, score {SelectedScore:0.###}, best of the step {BestScore:0.###}")]
    private partial void LogStepCompleted(Guid runId, int step, int totalSteps, string phase, int selectedCandidate, double? selectedScore, double? bestScore);

    [LoggerMessage(LogLevel.Information, "Run {RunId} completed: best dev {BestDevScore:0.###}, test {InitialTestScore:0.###} → {BestTestScore:0.###}, {Calls} calls ({CacheHits} cache hits, {MemoHits} answered from the store), {Tokens} tokens, cost {Cost:0.####}, {Seconds} s")]
    private partial void LogRunCompleted(Guid runId, double? bestDevScore, double? initialTestScore, double? bestTestScore, long calls, long cacheHits, long memoHits, long tokens, double cost, double seconds);

    [LoggerMessage(LogLevel.Warning, "Run {RunId} stopped by budget at step {Step}: {Reason}; {Calls} calls, cost {Cost:0.####}, {Seconds} s (results so far kept)")]
    private partial void LogRunStoppedByBudget(Guid runId, int step, string? reason, long calls, double cost, double seconds);

    [LoggerMessage(LogLevel.Information, "Run {RunId} cancelled at step {Step}: {Reason}, {Seconds} s")]
    private partial void LogRunCancelled(Guid runId, int step, string? reason, double seconds);

    [LoggerMessage(LogLevel.Warning, "The end of run {RunId} ({Status}) was not fully reported (span, step costs, log); the run's end is announced regardless")]
    private partial void LogRunEndNotReported(Exception exception, Guid runId, string status);

    [LoggerMessage(LogLevel.Error, "Run {RunId} failed at step {Step}: {Reason}, {Seconds} s")]
    private partial void LogRunFailed(Guid runId, int step, string? reason, double seconds);
}
