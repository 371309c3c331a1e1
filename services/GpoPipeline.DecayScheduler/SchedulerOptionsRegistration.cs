using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// Binds section <c>Scheduler</c> the way every other host binds its settings (ServiceDefaults' AddValidatedOptions:
/// an invalid value stops the host with "Setting 'Scheduler:StallTimeout' is invalid …"). Called by the scheduler and
/// by the store health checks, so a control plane that only reports the store still reads Scheduler:StoreProbeTimeout.
/// Safe to call more than once: one validator, one start-time check.
/// </summary>
public static class SchedulerOptionsRegistration
{
    public static IServiceCollection AddSchedulerOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(descriptor => !descriptor.IsKeyedService && descriptor.ImplementationInstance is SettingValidator<SchedulerOptions>))
        {
            return services; // bound already: a second validator would report every invalid setting twice
        }

        services.AddSingleton<IValidateOptions<SchedulerOptions>>(new SettingValidator<SchedulerOptions>(SchedulerOptions.Section));
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateOnStart();
        return services;
    }
}
