using System.Diagnostics;

namespace GpoPipeline.DecayScheduler;

/// <summary>A step's root activity; disposing it puts back the activity that was current before.</summary>
public sealed class StepScope(Activity? activity, Activity? previous) : IDisposable
{
    public Activity? Activity => activity;

    public string? TraceId => activity?.TraceId.ToString();

    public void Dispose()
    {
        activity?.Dispose();
        Activity.Current = previous;
    }
}
