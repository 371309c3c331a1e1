using System.Text;
using System.Text.Json.Nodes;
using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// What the services put on the wire: raw JSON (the message itself, its type and ids in transport headers), not
/// MassTransit's envelope (the same message wrapped with ids, addresses and host details in the body, parsed again on
/// every receive). Both directions of a rolling upgrade keep working: an envelope an earlier version left in a queue
/// is consumed, and a host with MassTransit's default serializer (an earlier version) consumes what this one sends.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class WireFormat_Specs
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task When_a_service_publishes_Should_send_the_message_as_raw_json_with_its_type_and_ids_in_headers()
    {
        RabbitMqBroker.EnsureReachable();
        var prefix = UniqueNames.For("wire");
        var heard = new HeardByRun<StepStarted>();
        using var service = await StartServiceAsync(prefix, heard);
        await using var broker = await RawBroker.ConnectAsync();
        var tap = await broker.TapAsync(ExchangeOf<StepStarted>(prefix));
        var runId = Guid.NewGuid();

        await service.Services.GetRequiredService<IPublishEndpoint>().Publish(Step(runId));

        var sent = await TakeOneAsync(broker, tap);
        Assert.Equal("application/json", sent.ContentType);
        var body = Assert.IsType<JsonObject>(JsonNode.Parse(sent.Body));
        Assert.Equal(runId.ToString(), body["runId"]?.GetValue<string>());
        Assert.Null(body["message"]); // no envelope around it
        Assert.Equal($"urn:message:{typeof(StepStarted).Namespace}:{nameof(StepStarted)}", sent.MessageType);
        Assert.True(Guid.TryParse(sent.MessageId, out _), $"MessageId header: {sent.MessageId}");
        Assert.Equal(runId, (await heard.OfAsync(runId)).RunId); // and the service reads it back
        await service.StopAsync();
    }

    [Fact]
    public async Task When_an_earlier_version_left_an_envelope_message_in_a_queue_Should_consume_it()
    {
        RabbitMqBroker.EnsureReachable();
        var prefix = UniqueNames.For("wire");
        var heard = new HeardByRun<StepStarted>();
        using var service = await StartServiceAsync(prefix, heard);
        await using var broker = await RawBroker.ConnectAsync();
        var runId = Guid.NewGuid();
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new JsonArray($"urn:message:{typeof(StepStarted).Namespace}:{nameof(StepStarted)}"),
            ["message"] = new JsonObject { ["runId"] = runId.ToString(), ["step"] = 2, ["totalSteps"] = 18, ["editBudget"] = 41 },
        };

        await broker.PublishAsync(ExchangeOf<StepStarted>(prefix), Encoding.UTF8.GetBytes(envelope.ToJsonString()), SystemTextJsonMessageSerializer.JsonContentType.MediaType);

        var consumed = await heard.OfAsync(runId);
        Assert.Equal((2, 18, 41), (consumed.Step, consumed.TotalSteps, consumed.EditBudget));
        await service.StopAsync();
    }

    [Fact]
    public async Task When_hosts_of_an_earlier_version_still_consume_and_the_wire_format_is_Envelope_Should_they_consume_what_a_service_sends()
    {
        RabbitMqBroker.EnsureReachable();
        var prefix = UniqueNames.For("wire");
        var earlierHeard = new HeardByRun<StepStarted>();
        using var earlier = await StartEarlierVersionAsync(prefix, earlierHeard);
        using var service = await StartServiceAsync(prefix, heard: null, MessageWireFormat.Envelope);
        var runId = Guid.NewGuid();

        await service.Services.GetRequiredService<IPublishEndpoint>().Publish(Step(runId));

        var consumed = await earlierHeard.OfAsync(runId);
        Assert.Equal((1, 18, 49), (consumed.Step, consumed.TotalSteps, consumed.EditBudget));
        await service.StopAsync();
        await earlier.StopAsync();
    }

    [Theory]
    [InlineData(MessageWireFormat.Raw, MessageWireFormat.Envelope)]
    [InlineData(MessageWireFormat.Envelope, MessageWireFormat.Raw)]
    public async Task When_hosts_of_this_version_send_in_different_formats_Should_each_consume_the_other(MessageWireFormat sender, MessageWireFormat receiver)
    {
        RabbitMqBroker.EnsureReachable();
        var prefix = UniqueNames.For("wire");
        var heard = new HeardByRun<StepStarted>();
        using var receiving = await StartServiceAsync(prefix, heard, receiver);
        using var sending = await StartServiceAsync(prefix, heard: null, sender);
        var runId = Guid.NewGuid();

        await sending.Services.GetRequiredService<IPublishEndpoint>().Publish(Step(runId));

        Assert.Equal(runId, (await heard.OfAsync(runId)).RunId);
        await sending.StopAsync();
        await receiving.StopAsync();
    }

    [Fact]
    public async Task When_a_raw_message_names_no_type_on_an_endpoint_of_several_types_Should_dead_letter_it_unconsumed()
    {
        RabbitMqBroker.EnsureReachable();
        var prefix = UniqueNames.For("wire");
        var consumed = new RunEndsConsumed();
        using var service = await StartAsync(prefix, builder =>
        {
            builder.Services.AddSingleton(consumed);
            builder.AddPipelineBus(bus => bus.AddConsumer<RunEndsConsumer>());
        });
        await using var broker = await RawBroker.ConnectAsync();
        var queue = WorkQueues.QueueName(prefix, "run-ends");
        var untyped = Guid.NewGuid();
        var typed = Guid.NewGuid();
        byte[] Body(Guid runId) => Encoding.UTF8.GetBytes(new JsonObject { ["runId"] = runId.ToString(), ["reason"] = "forged" }.ToJsonString());

        await broker.SendAsync(queue, new Poison("run-ends", "untyped", untyped, Body(untyped)) { Raw = true });
        await broker.SendAsync(queue, new Poison("run-ends", "typed", typed, Body(typed))
        {
            Raw = true,
            Headers = new Dictionary<string, object?> { ["MT-MessageType"] = $"urn:message:{typeof(RunFailed).Namespace}:{nameof(RunFailed)}" },
        });

        var dead = await TakeOneAsync(broker, queue + "_error");
        Assert.Equal(untyped.ToString(), dead.TransportId);
        Assert.Contains("names no message type", dead.Reason, StringComparison.Ordinal);
        await consumed.FailedAsync(typed); // the typed one is read as what it names, and only as that
        await service.StopAsync();
        Assert.Equal([(nameof(RunFailed), typed)], consumed.All);
    }

    private static StepStarted Step(Guid runId) => new() { RunId = runId, Step = 1, TotalSteps = 18, EditBudget = 49 };

    private static string ExchangeOf<T>(string prefix) => $"{prefix}.{typeof(T).Namespace}:{typeof(T).Name}";

    private static async Task<RawMessage> TakeOneAsync(RawBroker broker, string queue)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            if ((await broker.DrainAsync(queue)) is [var message, ..])
            {
                return message;
            }

            await Task.Delay(50, patience.Token);
        }
    }

    /// <summary>A host with the pipeline's bus convention, as every service starts it; with a consumer when <paramref name="heard"/> is given.</summary>
    private static Task<IHost> StartServiceAsync(string prefix, HeardByRun<StepStarted>? heard, MessageWireFormat format = MessageWireFormat.Raw) =>
        StartAsync(prefix, builder =>
        {
            builder.Configuration["Messaging:WireFormat"] = format.ToString();
            if (heard is not null)
            {
                builder.Services.AddSingleton(heard);
            }

            builder.AddPipelineBus(bus =>
            {
                if (heard is not null)
                {
                    bus.AddConsumer<HeardStepsConsumer>();
                }
            });
        });

    /// <summary>A host as an earlier version configured its bus: the same topology, MassTransit's default serializer.</summary>
    private static async Task<IHost> StartEarlierVersionAsync(string prefix, HeardByRun<StepStarted> heard)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(heard);
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<HeardStepsConsumer>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(RabbitMqBroker.Uri);
                rabbit.MessageTopology.SetEntityNameFormatter(new PrefixedEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter, prefix + "."));
                rabbit.ReceiveEndpoint(prefix + "-earlier", endpoint =>
                {
                    endpoint.AutoDelete = true;
                    endpoint.ConfigureConsumer<HeardStepsConsumer>(context);
                });
            });
        });
        return await StartedAsync(builder.Build());
    }

    private static async Task<IHost> StartAsync(string prefix, Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Messaging:RabbitMqUri"] = RabbitMqBroker.Uri.ToString();
        builder.Configuration["Messaging:EndpointPrefix"] = prefix;
        configure(builder);
        return await StartedAsync(builder.Build());
    }

    private static async Task<IHost> StartedAsync(IHost host)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(patience.Token);
        return host;
    }
}

/// <summary>The first message of each run a host consumed.</summary>
public sealed class HeardByRun<T>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource<T>> byRun = new();

    public void Heard(Guid runId, T message) => Of(runId).TrySetResult(message);

    public Task<T> OfAsync(Guid runId) => Of(runId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private TaskCompletionSource<T> Of(Guid runId) => byRun.GetOrAdd(runId, _ => new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously));
}

public sealed class HeardStepsConsumer(HeardByRun<StepStarted> heard) : IConsumer<StepStarted>
{
    public Task Consume(ConsumeContext<StepStarted> context)
    {
        heard.Heard(context.Message.RunId, context.Message);
        return Task.CompletedTask;
    }
}

/// <summary>What a consumer of two message types on one endpoint consumed, in order.</summary>
public sealed class RunEndsConsumed
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Type, Guid RunId)> all = new();
    private readonly HeardByRun<RunFailed> failed = new();

    public IReadOnlyList<(string Type, Guid RunId)> All => [.. all];

    public void Add(string type, Guid runId, RunFailed? failure = null)
    {
        all.Enqueue((type, runId));
        if (failure is not null)
        {
            failed.Heard(runId, failure);
        }
    }

    public Task FailedAsync(Guid runId) => failed.OfAsync(runId);
}

/// <summary>Two message types on one endpoint, as the control plane's run progress and gpo's run events have.</summary>
public sealed class RunEndsConsumer(RunEndsConsumed consumed) : IConsumer<RunFailed>, IConsumer<CancelRun>
{
    public Task Consume(ConsumeContext<RunFailed> context)
    {
        consumed.Add(nameof(RunFailed), context.Message.RunId, context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<CancelRun> context)
    {
        consumed.Add(nameof(CancelRun), context.Message.RunId);
        return Task.CompletedTask;
    }
}
