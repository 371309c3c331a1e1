using System.Reflection;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// An <see cref="IRunStore"/> that answers as the real one and counts the run documents it hands out (a run read by id,
/// each run of a list): what a listing costs in run reads, whatever the store holds.
/// </summary>
public class RunDocumentReads : DispatchProxy
{
    private IRunStore inner = null!;
    private int reads;

    public int Count => Volatile.Read(ref reads);

    public void Reset() => Interlocked.Exchange(ref reads, 0);

    public static (IRunStore Store, RunDocumentReads Reads) Around(IRunStore inner)
    {
        var proxy = Create<IRunStore, RunDocumentReads>();
        var counter = (RunDocumentReads)(object)proxy;
        counter.inner = inner;
        return (proxy, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? result;
        try
        {
            result = targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }

        return result switch
        {
            Task<RunRecord> one => CountedAsync(one),
            Task<IReadOnlyList<RunRecord>> many => CountedAsync(many),
            _ => result,
        };
    }

    private async Task<RunRecord> CountedAsync(Task<RunRecord> read)
    {
        var run = await read;
        if (run is not null)
        {
            Interlocked.Increment(ref reads);
        }

        return run!;
    }

    private async Task<IReadOnlyList<RunRecord>> CountedAsync(Task<IReadOnlyList<RunRecord>> read)
    {
        var runs = await read;
        Interlocked.Add(ref reads, runs.Count);
        return runs;
    }
}
