using System.Diagnostics;

namespace GpoPipeline.DecayScheduler;

/// <summary>A root span started outside the consumer's trace (gpo.step, gpo.run.completed, gpo.run.redrive); disposing it puts back the span that was current before.</summary>
public sealed class RootSpanScope(Activity? activity, Activity? previous) : IDisposable
{
    public Activity? Activity => activity;

    public string? TraceId => activity?.TraceId.ToString();

    /// <summary>The span's W3C traceparent, to parent later work on it from another message.</summary>
    public string? TraceParent => activity?.Id;

    public void Dispose()
    {
        activity?.Dispose();
        Activity.Current = previous;
    }
}
