using System.Diagnostics;
using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace GpoPipeline.ServiceDefaults.Tests;

public sealed class BrokerTracing_Specs
{
    private static readonly ActivitySource TestSource = new("GpoPipeline.Tests.Broker");

    [Fact]
    public async Task When_a_contract_is_published_over_RabbitMQ_Should_be_consumed_by_another_bus_in_the_same_trace()
    {
        RabbitMqBroker.EnsureReachable();
        var runId = Guid.NewGuid();
        var exported = new ExportedSpanCollection();
        var received = new StepStartedProbe(runId);

        using var consumerHost = BuildHost("consumer-svc", exported, bus =>
        {
            bus.AddConsumer<StepStartedProbeConsumer>();
            bus.AddSingleton(received);
        }, UniqueNames.For("stepstarted"));
        using var publisherHost = BuildHost("publisher-svc", exported, _ => { }, endpointName: null);

        await consumerHost.StartAsync();
        await publisherHost.StartAsync();
        try
        {
            ActivityTraceId publishedTrace;
            using (var step = TestSource.StartActivity("gpo.step"))
            {
                Assert.NotNull(step);
                publishedTrace = step.TraceId;
                var publisher = publisherHost.Services.GetRequiredService<IPublishEndpoint>();
                await publisher.Publish(new StepStarted { RunId = runId, Step = 1, TotalSteps = 18, EditBudget = 49 });
            }

            var consumed = await received.Completion.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(49, consumed.Message.EditBudget);
            Assert.Equal(publishedTrace, consumed.TraceId);
            await WaitUntil(() => exported.Snapshot().Any(a =>
                a.Kind == ActivityKind.Consumer && a.TraceId == publishedTrace));
            var consumerSpan = exported.Snapshot().First(a => a.Kind == ActivityKind.Consumer && a.TraceId == publishedTrace);
            Assert.Equal(publishedTrace, consumerSpan.TraceId);
            Assert.Contains(exported.Snapshot(), a => a.Kind == ActivityKind.Producer && a.TraceId == publishedTrace);
        }
        finally
        {
            await publisherHost.StopAsync();
            await consumerHost.StopAsync();
        }
    }

    private static IHost BuildHost(string service, ExportedSpanCollection exported, Action<IBusRegistrationConfigurator> consumers, string? endpointName)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults(service, tracing => tracing.AddSource(TestSource.Name).AddInMemoryExporter(exported));
        // Start returns only once the consumer's queue is bound, so nothing published after it is lost.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            consumers(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(RabbitMqBroker.Uri);
                rabbit.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders); // as the services send (Messaging:WireFormat Raw)
                if (endpointName is not null)
                {
                    rabbit.ReceiveEndpoint(endpointName, endpoint =>
                    {
                        endpoint.AutoDelete = true;
                        endpoint.ConfigureConsumer<StepStartedProbeConsumer>(context);
                    });
                }
            });
        });
        return builder.Build();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
