using System.Diagnostics;
using GpoPipeline.Contracts;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>Records the first StepStarted of one run together with the trace it was consumed in.</summary>
public sealed class StepStartedProbe(Guid runId)
{
    private readonly TaskCompletionSource<(StepStarted Message, ActivityTraceId TraceId)> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<(StepStarted Message, ActivityTraceId TraceId)> Completion => _completion.Task;

    public void Observe(StepStarted message, Activity? current)
    {
        if (message.RunId == runId)
        {
            _completion.TrySetResult((message, current?.TraceId ?? default));
        }
    }
}
