using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GpoPipeline.DecayScheduler.Health;

/// <summary>
/// What a store owner adds once, however many registrations of a host ask for it: <see cref="StoreStartupCheck"/>
/// before the host starts and <see cref="RunStoreHealthCheck"/> on /health/ready.
/// </summary>
public static class RunStoreReadiness
{
    public static IServiceCollection AddRunStoreReadiness(this IServiceCollection services)
    {
        services.AddStartupCheck<StoreStartupCheck>();
        services.AddHealthChecks();
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            if (options.Registrations.All(r => r.Name != RunStoreHealthCheck.Name))
            {
                options.Registrations.Add(new HealthCheckRegistration(
                    RunStoreHealthCheck.Name, provider => ActivatorUtilities.CreateInstance<RunStoreHealthCheck>(provider), HealthStatus.Unhealthy, ["ready"]));
            }
        });
        return services;
    }
}
