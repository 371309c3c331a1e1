using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>The DirectionRetrieval worker: its services and its consumer (also used by the embedded host).</summary>
public static class DirectionRetrievalRegistration
{
    public static IServiceCollection AddDirectionRetrieval(this IServiceCollection services) =>
        services.AddSingleton<DirectionService>();

    public static IBusRegistrationConfigurator AddDirectionRetrievalConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<StepStartedConsumer, StepStartedConsumerDefinition>();
        return bus;
    }
}
