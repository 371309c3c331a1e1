using GpoPipeline.Optimization.Datasets;
using GpoPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GpoPipeline.PromptGeneration;

/// <summary>The PromptGeneration worker: its services and its consumer (also used by the embedded host).</summary>
public static class PromptGenerationRegistration
{
    public static IHostApplicationBuilder AddPromptGeneration(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<GenerationOptions>(GenerationOptions.Section);
        builder.Services.TryAddSingleton<DatasetCatalog>();
        builder.Services.AddSingleton<CandidateGenerator>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddPromptGenerationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DirectionRetrievedConsumer, DirectionRetrievedConsumerDefinition>();
        return bus;
    }
}
