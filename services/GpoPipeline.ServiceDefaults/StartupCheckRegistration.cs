using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GpoPipeline.ServiceDefaults;

public static class StartupCheckRegistration
{
    /// <summary>Adds <typeparamref name="TCheck"/> once, however many registrations of a host ask for it.</summary>
    public static IServiceCollection AddStartupCheck<TCheck>(this IServiceCollection services)
        where TCheck : class, IStartupCheck
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupCheck, TCheck>());
        return services;
    }
}
