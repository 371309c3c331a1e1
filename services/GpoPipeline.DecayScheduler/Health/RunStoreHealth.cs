using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GpoPipeline.DecayScheduler.Health;

/// <summary>
/// What a store owner adds once, however many registrations of a host ask for it: <see cref="StoreStartupCheck"/>
/// before the host starts, <see cref="RunStoreHealthCheck"/> on /health/ready and <see cref="StoreLivenessCheck"/> on
/// /health/live.
/// </summary>
public static class RunStoreHealth
{
    public static IServiceCollection AddRunStoreHealth(this IServiceCollection services)
    {
        services.AddSchedulerOptions(); // Scheduler:StoreProbeTimeout, also in a host that does not run the scheduler (the API)
        services.AddStartupCheck<StoreStartupCheck>();
        services.AddHealthChecks();
        services.Configure<HealthCheckServiceOptions>(options =>
        {
            if (options.Registrations.All(r => r.Name != RunStoreHealthCheck.Name))
            {
                options.Registrations.Add(new HealthCheckRegistration(
                    RunStoreHealthCheck.Name, provider => ActivatorUtilities.CreateInstance<RunStoreHealthCheck>(provider), HealthStatus.Unhealthy, ["ready"]));
            }

            if (options.Registrations.All(r => r.Name != StoreLivenessCheck.Name))
            {
                options.Registrations.Add(new HealthCheckRegistration(
                    StoreLivenessCheck.Name, provider => ActivatorUtilities.CreateInstance<StoreLivenessCheck>(provider), HealthStatus.Unhealthy, [HealthEndpoints.LiveTag]));
            }
        });
        return services;
    }
}
