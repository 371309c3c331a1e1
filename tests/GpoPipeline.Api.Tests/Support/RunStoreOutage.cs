using System.Reflection;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// An <see cref="IRunStore"/> that answers as the real one, except that reading one chosen run throws (a store that
/// fails for that document): what a caller does when a dependency fails, not a 500 or a lost update.
/// </summary>
public class RunStoreOutage : DispatchProxy
{
    private IRunStore inner = null!;
    private Guid broken;

    public static IRunStore Around(IRunStore inner, Guid broken)
    {
        var proxy = Create<IRunStore, RunStoreOutage>();
        var outage = (RunStoreOutage)(object)proxy;
        outage.inner = inner;
        outage.broken = broken;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IRunStore.GetRunAsync) && args is [Guid id, ..] && id == broken)
        {
            throw new IOException($"the run store could not read run {id}");
        }

        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
