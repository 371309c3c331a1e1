using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GpoPipeline.DecayScheduler.Health;

/// <summary>
/// Liveness of a store owner: alive unless one of its stores broke for good (<see cref="IStoreFaultSource"/>: the
/// embedded file after an I/O error, which LiteDB does not come back from). Readiness (<see cref="RunStoreHealthCheck"/>)
/// then fails too, but that only stops the work coming; this makes an orchestrator restart the process, whose
/// reopened store replays its log. A store that merely does not answer (MongoDB down) is no reason to restart.
/// </summary>
public sealed class StoreLivenessCheck(IServiceProvider services) : IHealthCheck
{
    public const string Name = "stores-alive";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var faults = Stores().OfType<IStoreFaultSource>().Select(store => store.Fault).OfType<StoreFault>().ToList();
        return Task.FromResult(faults switch
        {
            [] => HealthCheckResult.Healthy("The stores work."),
            [var first, ..] => HealthCheckResult.Unhealthy(string.Join(" ", faults.Select(fault => fault.Describe())), first.Cause),
        });
    }

    /// <summary>The stores this process has opened; one that cannot be opened is the startup check's to report (<see cref="StoreStartupCheck"/>), not a reason to restart.</summary>
    private IEnumerable<object?> Stores()
    {
        yield return Opened(services.GetService<IRunStore>);
        yield return Opened(services.GetService<IControlPlaneDatabase>);
    }

    private static object? Opened(Func<object?> resolve)
    {
        try
        {
            return resolve();
        }
        catch (Exception ex) when (ex is StoreSettingException or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
