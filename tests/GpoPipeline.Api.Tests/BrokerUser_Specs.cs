using System.Text;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// The control plane as the broker user compose gives it (compose/rabbitmq/users.sh, least privilege): its real
/// consumers must bind to every event they follow, and it must be let publish what it announces.
/// </summary>
public sealed class BrokerUser_Specs
{
    [Fact]
    public async Task When_the_api_runs_as_its_broker_user_Should_bind_its_consumers_and_publish_its_decisions()
    {
        await using var node = await ComposeBrokerUsers.StartNodeAsync();
        var api = node.UriAs("api");

        // Binding a queue to an event's exchange needs read on that exchange: a refused binding faults the endpoint and
        // the host's start (which waits for every endpoint) never completes.
        using (var host = await StartAsync(api))
        {
            await host.StopAsync();
        }

        // What the control plane publishes to exchanges its start declared: each decision ChallengeDecider records, and
        // the run commands (a refused publish closes the channel, and the confirm throws).
        await using var connection = await new ConnectionFactory { Uri = api }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var type in new[] { "ChampionDecisionRecorded", "StartRun", "CancelRun", "ResumeRun" })
        {
            await channel.BasicPublishAsync($"GpoPipeline.Contracts:{type}", "", Encoding.UTF8.GetBytes("{}"));
        }
    }

    private static async Task<IHost> StartAsync(Uri broker)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Messaging:RabbitMqUri"] = broker.ToString();
        builder.AddPipelineBus(bus => bus.AddControlPlaneConsumers());
        var host = builder.Build();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await host.StartAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            host.Dispose();
            Assert.Fail("The control plane's bus did not start within 60 s as the broker user 'api': a consumer could not bind (see compose/rabbitmq/users.sh).");
        }

        return host;
    }
}
