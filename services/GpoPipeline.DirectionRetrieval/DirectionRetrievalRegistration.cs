using GpoPipeline.DirectionRetrieval.Consumers;
using GpoPipeline.Embeddings;
using GpoPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>The DirectionRetrieval worker: its services and its consumer (also used by the embedded host).</summary>
public static class DirectionRetrievalRegistration
{
    public static IHostApplicationBuilder AddDirectionRetrieval(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<MessageLimitsOptions>(MessageLimitsOptions.Section);
        // The shipped model, shared by every host in the process and loaded on first use only.
        builder.Services.TryAddSingleton<ISentenceEncoder>(MiniLmSentenceEncoder.Shared);
        builder.Services.AddSingleton<DirectionService>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddDirectionRetrievalConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<StepStartedConsumer, StepStartedConsumerDefinition>();
        return bus;
    }
}
