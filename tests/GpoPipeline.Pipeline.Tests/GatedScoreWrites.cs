using System.Reflection;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A run store whose scored-batch writes wait until <see cref="Open"/> (a store slow to commit); every other call goes
/// straight to the store it wraps.
/// </summary>
public class GatedScoreWrites : DispatchProxy
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IRunStore _inner = null!;
    private int _waiting;

    /// <summary>Scored-batch writes waiting for the gate now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public static (IRunStore Store, GatedScoreWrites Gate) Around(IRunStore inner)
    {
        var store = Create<IRunStore, GatedScoreWrites>();
        var gate = (GatedScoreWrites)(object)store;
        gate._inner = inner;
        return (store, gate);
    }

    public void Open() => _open.TrySetResult();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IRunStore.RecordScoredBatchAsync))
        {
            return RecordWhenOpenAsync((ScoredBatch)args![0]!, (CancellationToken)args[1]!);
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

    private async Task<ScoredBatchOutcome> RecordWhenOpenAsync(ScoredBatch reply, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _open.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return await _inner.RecordScoredBatchAsync(reply, cancellationToken);
    }
}
