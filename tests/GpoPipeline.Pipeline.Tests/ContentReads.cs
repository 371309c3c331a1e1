using System.Collections.Concurrent;
using System.Reflection;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>A run store that counts the reads of stored content (dataset splits), by hash; every call goes to the store it wraps.</summary>
public class ContentReads : DispatchProxy
{
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private IRunStore _inner = null!;

    public int Total => _reads.Values.Sum();

    public static (IRunStore Store, ContentReads Reads) Around(IRunStore inner)
    {
        var store = Create<IRunStore, ContentReads>();
        var reads = (ContentReads)(object)store;
        reads._inner = inner;
        return (store, reads);
    }

    public int Of(string hash) => _reads.GetValueOrDefault(hash);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IRunStore.GetContentAsync))
        {
            _reads.AddOrUpdate((string)args![0]!, 1, (_, n) => n + 1);
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
