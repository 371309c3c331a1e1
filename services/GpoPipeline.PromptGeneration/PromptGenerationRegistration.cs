using GpoPipeline.PromptGeneration.Consumers;
using GpoPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GpoPipeline.PromptGeneration;

/// <summary>The PromptGeneration worker: its services and its consumer (also used by the embedded host).</summary>
public static class PromptGenerationRegistration
{
    public static IHostApplicationBuilder AddPromptGeneration(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<GenerationOptions>(GenerationOptions.Section);
        builder.AddValidatedOptions<MessageLimitsOptions>(MessageLimitsOptions.Section);
        builder.Services.AddSingleton<CandidateGenerator>();
        builder.Services.AddSingleton<StrategyGeneration>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddPromptGenerationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DirectionRetrievedConsumer, DirectionRetrievedConsumerDefinition>();
        return bus;
    }
}
