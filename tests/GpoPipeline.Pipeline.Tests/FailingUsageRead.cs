using System.Reflection;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A run store whose first read of a completed run's usage fails (the store is briefly away just as the run ends);
/// every other call goes straight to the store it wraps.
/// </summary>
public class FailingUsageRead : DispatchProxy
{
    private IRunStore _inner = null!;
    private int _thrown;

    /// <summary>Reads that failed (at most one).</summary>
    public int Thrown => Volatile.Read(ref _thrown);

    public static (IRunStore Store, FailingUsageRead Failures) Around(IRunStore inner)
    {
        var store = Create<IRunStore, FailingUsageRead>();
        var failures = (FailingUsageRead)(object)store;
        failures._inner = inner;
        return (store, failures);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IRunStore.GetUsageAsync))
        {
            return UsageAsync((Guid)args![0]!, (CancellationToken)args[1]!);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private async Task<IReadOnlyList<UsageRecord>> UsageAsync(Guid runId, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _thrown) == 0
            && (await _inner.GetRunAsync(runId, cancellationToken))?.Status == RunStatus.Completed
            && Interlocked.CompareExchange(ref _thrown, 1, 0) == 0)
        {
            throw new IOException($"The usage of run {runId} could not be read (the store is away).");
        }

        return await _inner.GetUsageAsync(runId, cancellationToken);
    }
}
