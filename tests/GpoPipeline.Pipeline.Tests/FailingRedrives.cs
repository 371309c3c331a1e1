using System.Collections.Concurrent;
using System.Reflection;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A run store that cannot read the recorded batches of the runs given to <see cref="Break"/> (what re-sending a run's
/// pending work reads first), so re-driving those runs throws; every other call goes straight to the store it wraps.
/// </summary>
public class FailingRedrives : DispatchProxy
{
    private readonly ConcurrentDictionary<Guid, bool> _broken = new();
    private IRunStore _inner = null!;

    public static (IRunStore Store, FailingRedrives Failures) Around(IRunStore inner)
    {
        var store = Create<IRunStore, FailingRedrives>();
        var failures = (FailingRedrives)(object)store;
        failures._inner = inner;
        return (store, failures);
    }

    public void Break(Guid runId) => _broken[runId] = true;

    public void Repair(Guid runId) => _broken.TryRemove(runId, out _);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IRunStore.GetBatchKeysAsync) && _broken.ContainsKey((Guid)args![0]!))
        {
            throw new InvalidOperationException($"The batches of run {args[0]} cannot be read.");
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
}
