using GpoPipeline.Testing;
using RabbitMQ.Client;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The broker as a hostile client sees it: raw bytes onto queues, a tap (a private queue bound to message exchanges)
/// that copies what the services publish, and the messages a queue holds, read back off it.
/// </summary>
public sealed class RawBroker : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private RawBroker(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<RawBroker> ConnectAsync()
    {
        var connection = await new ConnectionFactory { Uri = RabbitMqBroker.Uri }.CreateConnectionAsync();
        return new RawBroker(connection, await connection.CreateChannelAsync());
    }

    /// <summary>A private queue that receives a copy of every message published to <paramref name="exchanges"/>.</summary>
    public async Task<string> TapAsync(params string[] exchanges)
    {
        var tap = (await _channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in exchanges)
        {
            await _channel.QueueBindAsync(tap, exchange, "");
        }

        return tap;
    }

    /// <summary>Publishes raw bytes to an exchange, with the broker's confirmation (and a content type, when given).</summary>
    public async Task PublishAsync(string exchange, byte[] body, string? contentType = null)
    {
        await using var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.BasicPublishAsync(exchange, "", mandatory: false, new BasicProperties { ContentType = contentType }, body);
    }

    public async Task SendAsync(string queue, Poison message)
    {
        var properties = new BasicProperties
        {
            MessageId = message.Id.ToString(),
            ContentType = message.ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = message.Headers,
        };
        await _channel.BasicPublishAsync("", queue, mandatory: false, properties, message.Body);
    }

    /// <summary>Takes every message the queue holds now (none when it does not exist yet).</summary>
    public async Task<List<RawMessage>> DrainAsync(string queue)
    {
        // A channel per drain: asking for a queue that does not exist yet closes the channel that asked.
        await using var channel = await _connection.CreateChannelAsync();
        var taken = new List<RawMessage>();
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
            {
                taken.Add(RawMessage.Of(message.BasicProperties.MessageId, message.Body.ToArray(), message.BasicProperties.Headers, message.BasicProperties.ContentType));
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // the error queue is declared when the first message is moved there
        }

        return taken;
    }

    public async Task<uint> ReadyAsync(string queue)
    {
        await using var channel = await _connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
