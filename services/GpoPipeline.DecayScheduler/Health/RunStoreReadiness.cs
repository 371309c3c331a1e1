using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GpoPipeline.DecayScheduler.Health;

/// <summary>Adds <see cref="RunStoreHealthCheck"/> to /health/ready once, however many registrations of a host ask for it.</summary>
public static class RunStoreReadiness
{
    public static IServiceCollection AddRunStoreReadiness(this IServiceCollection services)
    {
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
