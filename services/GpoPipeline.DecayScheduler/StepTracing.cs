using System.Diagnostics;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// One trace per optimization step (DESIGN §5): every `gpo.step` is a new root activity linked to the
/// run's `gpo.run` activity, so no span crosses two steps and the run stays navigable.
/// </summary>
public static class StepTracing
{
    public const string SourceName = "GpoPipeline.Scheduler";
    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartRun(Guid runId, string task)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = Source.StartActivity("gpo.run", ActivityKind.Internal);
        activity?.SetTag("gpo.run.id", runId.ToString());
        activity?.SetTag("gpo.task", task);
        if (activity is null)
        {
            Activity.Current = previous;
        }

        return activity;
    }

    /// <summary>Starts `gpo.step` as a new trace; dispose it to restore the consumer's own activity.</summary>
    public static StepScope StartStep(Guid runId, string task, int step, int? editBudget, string? runTraceParent)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        var links = ActivityContext.TryParse(runTraceParent, null, out var runContext)
            ? new[] { new ActivityLink(runContext) }
            : null;
        var activity = Source.StartActivity("gpo.step", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("gpo.run.id", runId.ToString());
        activity?.SetTag("gpo.task", task);
        activity?.SetTag("gpo.step", step);
        if (editBudget is { } budget)
        {
            activity?.SetTag("gpo.edit_budget", budget);
        }

        return new StepScope(activity, previous);
    }
}
