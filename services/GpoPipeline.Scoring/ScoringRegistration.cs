using GpoPipeline.Scoring.Consumers;
using GpoPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GpoPipeline.Scoring;

/// <summary>The Scoring worker: its services and its consumer (also used by the embedded host).</summary>
public static class ScoringRegistration
{
    public static IHostApplicationBuilder AddScoring(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<ScoringOptions>(ScoringOptions.Section);
        builder.AddValidatedOptions<MessageLimitsOptions>(MessageLimitsOptions.Section);
        builder.Services.AddSingleton<BatchScorer>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddScoringConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ScoreBatchConsumer, ScoreBatchConsumerDefinition>();
        return bus;
    }
}
