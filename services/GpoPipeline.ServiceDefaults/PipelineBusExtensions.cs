using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GpoPipeline.ServiceDefaults;

/// <summary>The bus convention every host shares: transport from <see cref="MessagingOptions"/>, kebab-case queues.</summary>
public static class PipelineBusExtensions
{
    /// <param name="registerConsumers">The consumers of the workers this host runs (one, or all four in embedded mode).</param>
    public static IHostApplicationBuilder AddPipelineBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> registerConsumers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(registerConsumers);
        builder.AddValidatedOptions<MessagingOptions>(MessagingOptions.Section);
        var messaging = builder.Configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();

        // Start() returns once every queue is bound, so nothing published right after start is lost.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(messaging.EndpointPrefix, includeNamespace: false));
            registerConsumers(bus);
            if (messaging.IsInMemory)
            {
                bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
                return;
            }

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(messaging.RabbitMqUri);
                rabbit.PrefetchCount = messaging.PrefetchCount;
                if (!string.IsNullOrWhiteSpace(messaging.EndpointPrefix))
                {
                    rabbit.MessageTopology.SetEntityNameFormatter(
                        new PrefixedEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter, messaging.EndpointPrefix + "."));
                }

                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
