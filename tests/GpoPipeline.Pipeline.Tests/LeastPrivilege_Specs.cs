using System.Text;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The work queues' declaration (<see cref="WorkQueues"/>) under compose's per-service broker users
/// (compose/rabbitmq/users.sh, run against a private node): the senders of work declare its queues, and a worker whose
/// user may not declare the others' queues still starts.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class LeastPrivilege_Specs
{
    [Fact]
    public async Task When_services_have_their_own_users_Should_let_the_senders_declare_the_work_queues_and_every_service_start()
    {
        await using var node = await ComposeBrokerUsers.StartNodeAsync();

        // The senders start first: the scheduler and the API, each as its user. No worker has ever run.
        await StartAndStopAsync(node, "decay-scheduler", "api");

        // What the scheduler sends (a ScoreBatch, a StepStarted) and the API submits (a StartRun) waits in its queue.
        // A DirectionRetrieved (the retrieval worker's reply) waits for prompt-generation too: the scheduler declared its queue.
        await PublishAsync(node.UriAs("decay-scheduler"), "ScoreBatch", "StepStarted");
        await PublishAsync(node.UriAs("direction-retrieval"), "DirectionRetrieved");
        await PublishAsync(node.UriAs("api"), "StartRun", "CancelRun");
        var admin = node.UriAs("admin");
        Assert.Equal(1u, await MessagesAsync(admin, WorkQueues.ScoreBatch));
        Assert.Equal(1u, await MessagesAsync(admin, WorkQueues.StepStarted));
        Assert.Equal(1u, await MessagesAsync(admin, WorkQueues.DirectionRetrieved));
        Assert.Equal(1u, await MessagesAsync(admin, WorkQueues.StartRun));
        Assert.Equal(1u, await MessagesAsync(admin, WorkQueues.CancelRun));

        // The workers' users may not declare the others' queues: each still starts (refusals are skipped, not retried).
        await StartAndStopAsync(node, "scoring", "direction-retrieval", "prompt-generation");
    }

    [Fact]
    public async Task When_direction_retrieval_starts_before_prompt_generation_ever_ran_Should_keep_what_it_publishes()
    {
        await using var node = await ComposeBrokerUsers.StartNodeAsync();

        // The retrieval worker's own user declares the queue it feeds, whether or not the scheduler ever did.
        await StartAndStopAsync(node, "direction-retrieval");
        await PublishAsync(node.UriAs("direction-retrieval"), "DirectionRetrieved");

        Assert.Equal(1u, await MessagesAsync(node.UriAs("admin"), WorkQueues.DirectionRetrieved));
    }

    private static async Task StartAndStopAsync(PrivateRabbitMqNode node, params string[] users)
    {
        foreach (var user in users)
        {
            using var host = await StartBusOnlyHostAsync(node.UriAs(user));
            await host.StopAsync();
        }
    }

    /// <summary>A host with the bus and no consumer, as a service of that user starts it (its start must not hang).</summary>
    private static async Task<IHost> StartBusOnlyHostAsync(Uri broker)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Messaging:RabbitMqUri"] = broker.ToString();
        builder.AddPipelineBus(_ => { });
        var host = builder.Build();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(patience.Token);
        return host;
    }

    private static async Task PublishAsync(Uri broker, params string[] messageTypes)
    {
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        foreach (var type in messageTypes)
        {
            await channel.BasicPublishAsync($"GpoPipeline.Contracts:{type}", "", Encoding.UTF8.GetBytes("{}"));
        }
    }

    private static async Task<uint> MessagesAsync(Uri broker, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }
}
