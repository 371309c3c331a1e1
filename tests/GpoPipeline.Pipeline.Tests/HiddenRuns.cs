using System.Collections.Concurrent;
using System.Reflection;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A run store that reads the runs given to <see cref="Hide"/> as missing (what a delivery reads when another one is
/// creating the run at the same moment); every call, writes included, goes to the store it wraps.
/// </summary>
public class HiddenRuns : DispatchProxy
{
    private readonly ConcurrentDictionary<Guid, bool> _hidden = new();
    private IRunStore _inner = null!;

    public static (IRunStore Store, HiddenRuns Hidden) Around(IRunStore inner)
    {
        var store = Create<IRunStore, HiddenRuns>();
        var hidden = (HiddenRuns)(object)store;
        hidden._inner = inner;
        return (store, hidden);
    }

    public void Hide(Guid runId) => _hidden[runId] = true;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IRunStore.GetRunAsync) && _hidden.ContainsKey((Guid)args![0]!))
        {
            return Task.FromResult<RunRecord?>(null);
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
