using System.Security.Authentication;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
        var wireFormat = builder.Configuration[$"{MessagingOptions.Section}:{nameof(MessagingOptions.WireFormat)}"];
        var written = builder.Configuration[$"{MessagingOptions.Section}:{nameof(MessagingOptions.RabbitMqUri)}"];
        if ((messaging.UnsetRabbitMqUriProblem(written, builder.Environment.IsDevelopment()) ?? messaging.RabbitMqUriProblem() ?? messaging.EndpointPrefixProblem() ?? MessagingOptions.WireFormatProblem(wireFormat)) is { } problem)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(MessagingOptions.Section, typeof(MessagingOptions), [problem]);
        }

        var tls = messaging.UsesTls ? new BrokerCertificateValidator(messaging.RabbitMqUri, messaging.Tls) : null;
        if (tls is not null)
        {
            // Registered before the bus, so a refused certificate stops the host before the bus retries it forever.
            builder.Services.AddSingleton(services => new BrokerTlsCheck(
                messaging.RabbitMqUri, tls, messaging.Tls.AllowUntrustedCertificate, services.GetRequiredService<ILogger<BrokerTlsCheck>>()));
            builder.Services.AddSingleton<IStartupCheck>(services => services.GetRequiredService<BrokerTlsCheck>());
            builder.Services.AddHostedService(services => services.GetRequiredService<BrokerTlsCheck>());
        }

        if (!messaging.IsInMemory)
        {
            // After the TLS check (registered above): a service host refuses a login the broker will never take.
            builder.Services.AddSingleton<IStartupCheck>(services => new BrokerLoginCheck(
                messaging.RabbitMqUri, tls, services.GetRequiredService<ILogger<BrokerLoginCheck>>()));
        }

        if (!messaging.IsInMemory)
        {
            // Before the bus (hosted services start in order), so no work reaches an exchange without its queue.
            builder.Services.AddHostedService(services => new WorkQueueDeclaration(
                services.GetRequiredService<IBus>(), messaging.RabbitMqUri, tls, messaging.EndpointPrefix,
                services.GetRequiredService<ILogger<WorkQueueDeclaration>>()));
        }

        // Start() returns once every queue is bound, so nothing published right after start is lost.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit 8.4+ reports anonymous usage to usage-tracking.masstransit.io unless told not to: a service
            // the operator runs sends nothing to third parties (MASSTRANSIT_USAGE_TELEMETRY=true turns it back on).
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(messaging.EndpointPrefix, includeNamespace: false));
            registerConsumers(bus);
            if (messaging.IsInMemory)
            {
                bus.UsingInMemory((context, memory) =>
                {
                    UseWireFormat(memory, messaging.WireFormat, context);
                    memory.ConfigureEndpoints(context);
                });
                return;
            }

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(messaging.RabbitMqUri, host =>
                {
                    if (tls is not null)
                    {
                        // Our validator, not the transport's default, which accepts a certificate chain error.
                        host.UseSsl(ssl =>
                        {
                            ssl.ServerName = tls.ServerName;
                            ssl.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13;
                            ssl.CertificateValidationCallback = tls.Validate;
                        });
                    }
                });
                rabbit.PrefetchCount = messaging.PrefetchCount;
                UseWireFormat(rabbit, messaging.WireFormat, context);
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

    /// <summary>
    /// Raw JSON is read in either format, and so is the envelope: MassTransit's default deserializer stays in place, and
    /// a message without a content type is still read as an envelope (as before raw JSON). Only the transport headers a
    /// message needs (its type and ids) are added; the headers of a consumed message are not copied into what its
    /// consumer sends (<see cref="RawSerializerOptions.CopyHeaders"/> would pass on the broker's own, hop after hop).
    /// </summary>
    private static void UseWireFormat(IBusFactoryConfigurator bus, MessageWireFormat format, IRegistrationContext context)
    {
        const RawSerializerOptions TypeAndIds = RawSerializerOptions.AddTransportHeaders;
        switch (format)
        {
            case MessageWireFormat.Raw:
                bus.UseRawJsonSerializer(TypeAndIds, isDefault: false);
                break;
            case MessageWireFormat.Envelope:
                bus.UseRawJsonDeserializer(TypeAndIds, isDefault: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Checked when the bus was added (MessagingOptions.WireFormatProblem).");
        }

        bus.UseConsumeFilter(typeof(NamedMessageTypeFilter<>), context);
    }
}