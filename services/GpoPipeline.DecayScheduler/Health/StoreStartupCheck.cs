using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.DecayScheduler.Health;

/// <summary>
/// A store owner opens its stores before it starts: a <c>Store:ConnectionString</c> naming a file that is not a store,
/// or a store another process holds, stops it with the message that says which (exit 78), not with a stack trace once
/// the first consumer asks for the store. A MongoDB that does not answer yet is not a problem here: the driver
/// connects lazily and readiness (<see cref="RunStoreHealthCheck"/>) reports it.
/// </summary>
public sealed class StoreStartupCheck(IServiceProvider services) : IStartupCheck
{
    public Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            services.GetRequiredService<IRunStore>();
            services.GetService<IControlPlaneDatabase>();
            return Task.FromResult<string?>(null);
        }
        catch (Exception ex) when (ex is StoreSettingException or StoreFileInUseException)
        {
            return Task.FromResult<string?>(ex.Message);
        }
    }
}
