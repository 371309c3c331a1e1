using System.Diagnostics;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// The span model of a run (docs/observability.md). A run lasts minutes to days across processes, so it is
/// not one span: `gpo.run` is a short span in the trace of the StartRun that created it; every step is a
/// trace of its own (`gpo.step`, linked to `gpo.run`); the step's result is on its `gpo.selection` span;
/// `gpo.run.completed` is a final root linked to `gpo.run` whose duration is the run's.
/// </summary>
public static class RunTracing
{
    public const string SourceName = "GpoPipeline.Scheduler";
    public const string Run = "gpo.run";
    public const string Step = "gpo.step";
    public const string RunCompleted = "gpo.run.completed";
    public const string RunRedrive = "gpo.run.redrive";
    public const string StepDispatch = "gpo.step.dispatch";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>`gpo.run`, a child of the StartRun consumer span (which gets the run id too); its id goes into the run document.</summary>
    public static Activity? RunStarted(Guid runId, string task, int totalSteps, int devCount, int testCount)
    {
        Activity.Current?.SetTag(GpoAttributes.RunId, runId.ToString());
        var span = Source.StartActivity(Run, ActivityKind.Internal);
        span?.SetTag(GpoAttributes.RunId, runId.ToString());
        span?.SetTag(GpoAttributes.Task, task);
        span?.SetTag(GpoAttributes.TotalSteps, totalSteps);
        span?.SetTag("gpo.run.dev_examples", devCount);
        span?.SetTag("gpo.run.test_examples", testCount);
        return span;
    }

    /// <summary>Starts `gpo.step` as a new trace linked to `gpo.run`; dispose it to restore the consumer's own span.</summary>
    public static RootSpanScope StepStarted(Guid runId, string task, int step, int totalSteps, int? editBudget, string? runTraceParent)
    {
        var scope = StartRoot(Step, runTraceParent, startTime: default);
        var span = scope.Activity;
        span?.SetTag(GpoAttributes.RunId, runId.ToString());
        span?.SetTag(GpoAttributes.Task, task);
        span?.SetTag(GpoAttributes.Step, step);
        span?.SetTag(GpoAttributes.TotalSteps, totalSteps);
        span?.SetTag(GpoAttributes.Phase, StepPhase.Of(step, totalSteps));
        if (editBudget is { } budget)
        {
            span?.SetTag(GpoAttributes.EditBudget, budget);
        }

        return scope;
    }

    /// <summary>
    /// `gpo.step.dispatch`: a step's scoring work sent from another trace (a refill in a late reply of the step before,
    /// a re-drive, a resume) goes out inside the step's own trace, parented on its stored `gpo.step`, with a link to
    /// the span that sent it. Null (nothing started) when the current span is already in the step's trace, or the step
    /// has no stored parent (steps stored before it was kept).
    /// </summary>
    public static RootSpanScope? JoinStep(Guid runId, StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var current = Activity.Current;
        if (current is not null && string.Equals(current.TraceId.ToHexString(), step.TraceId, StringComparison.Ordinal))
        {
            return null; // the common case: the step's own replies refill it
        }

        if (!ActivityContext.TryParse(step.TraceParent, null, out var stepContext))
        {
            return null;
        }

        var links = current is null ? null : new[] { new ActivityLink(current.Context) };
        var activity = Source.StartActivity(StepDispatch, ActivityKind.Internal, stepContext, links: links);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(GpoAttributes.RunId, runId.ToString());
        activity.SetTag(GpoAttributes.Step, step.Step);
        return new RootSpanScope(activity, current);
    }

    /// <summary>
    /// `gpo.selection` in the step's trace (a child of the last BatchScored's consumer span), carrying the step's
    /// result. The `gpo.step` root cannot carry it: it was exported when the step started, in another message.
    /// </summary>
    public static void StepClosed(RunRecord run, int stepNumber)
    {
        ArgumentNullException.ThrowIfNull(run);
        var step = run.Steps.FirstOrDefault(s => s.Step == stepNumber);
        if (step is null)
        {
            return;
        }

        using var span = PipelineSpans.Phase(PipelineSpans.Selection, run.Id, stepNumber);
        if (span is null)
        {
            return;
        }

        var result = StepResult.Of(run, step);
        span.SetTag(GpoAttributes.Phase, result.Phase);
        span.SetTag(GpoAttributes.EditBudget, step.EditBudget);
        span.SetTag(GpoAttributes.StepCandidates, step.Candidates.Count);
        span.SetTag(GpoAttributes.StepBestScore, result.BestScore);
        span.SetTag(GpoAttributes.StepSelectedCandidate, result.SelectedCandidate);
        span.SetTag(GpoAttributes.StepSelectedScore, result.SelectedScore);
        span.SetTag(GpoAttributes.RunBestDevScore, run.BestDevScore);
    }

    /// <summary>`gpo.run.completed`: a root linked to `gpo.run`, started at the run's creation so its duration is the run's.</summary>
    public static void RunEnded(RunRecord run, RunTotals totals, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(totals);
        using var scope = StartRoot(RunCompleted, run.RunTraceParent, new DateTimeOffset(DateTime.SpecifyKind(run.CreatedAt, DateTimeKind.Utc)));
        if (scope.Activity is not { } span)
        {
            return;
        }

        span.SetTag(GpoAttributes.RunId, run.Id.ToString());
        span.SetTag(GpoAttributes.Task, run.Task);
        span.SetTag(GpoAttributes.TotalSteps, run.TotalSteps);
        span.SetTag(GpoAttributes.RunStatus, RunOutcome.Of(run.Status));
        span.SetTag(GpoAttributes.RunStepsCompleted, run.Steps.Count(s => s.Status == StepStatus.Completed));
        span.SetTag(GpoAttributes.RunBestDevScore, run.BestDevScore);
        span.SetTag(GpoAttributes.RunBestTestScore, run.BestTestScore);
        span.SetTag(GpoAttributes.RunInitialTestScore, run.InitialTestScore);
        span.SetTag(GpoAttributes.RunCalls, totals.Calls);
        span.SetTag(GpoAttributes.RunCacheHits, totals.CacheHits);
        span.SetTag(GpoAttributes.RunMemoHits, totals.MemoHits);
        span.SetTag(GpoAttributes.RunInputTokens, totals.InputTokens);
        span.SetTag(GpoAttributes.RunOutputTokens, totals.OutputTokens);
        span.SetTag(GpoAttributes.RunCost, totals.Cost);
        if (run.Status == RunStatus.Failed)
        {
            span.SetTag("error.type", "run_failed");
            span.SetStatus(ActivityStatusCode.Error);
        }

        span.SetEndTime(now);
    }

    /// <summary>
    /// For a StartRun that lost the run's creation to another delivery: its `gpo.run` and `gpo.step` describe a run that
    /// was never stored, so they are not exported (exporters drop a span whose data is not requested and that is not
    /// recorded), and the consumer span is marked `gpo.duplicate`.
    /// </summary>
    public static void Discard(Activity? runSpan, RootSpanScope stepScope)
    {
        ArgumentNullException.ThrowIfNull(stepScope);
        Drop(stepScope.Activity);
        if (runSpan is not null)
        {
            runSpan.Parent?.SetTag("gpo.duplicate", true);
            Drop(runSpan);
        }
    }

    /// <summary>`gpo.run.redrive`: the watchdog re-sends a stalled run's work from a timer, not from a message; this root links it to the run.</summary>
    public static RootSpanScope Redrive(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scope = StartRoot(RunRedrive, run.RunTraceParent, startTime: default);
        scope.Activity?.SetTag(GpoAttributes.RunId, run.Id.ToString());
        scope.Activity?.SetTag(GpoAttributes.Step, run.CurrentStep);
        return scope;
    }

    private static void Drop(Activity? span)
    {
        if (span is not null)
        {
            span.IsAllDataRequested = false;
            span.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    private static RootSpanScope StartRoot(string name, string? runTraceParent, DateTimeOffset startTime)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var links = ActivityContext.TryParse(runTraceParent, null, out var runContext)
            ? new[] { new ActivityLink(runContext) }
            : null;
        var activity = Source.StartActivity(name, ActivityKind.Internal, parentContext: default, links: links, startTime: startTime);
        if (activity is null)
        {
            Activity.Current = previous;
        }

        return new RootSpanScope(activity, previous);
    }
}
