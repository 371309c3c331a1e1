using GpoPipeline.Testing;
using RabbitMQ.Client;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>Message counts of broker queues (error queues, mostly).</summary>
public static class BrokerQueues
{
    public static async Task<uint> CountAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = RabbitMqBroker.Uri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue);
            return declared.MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // the error queue is declared when the first message is moved there
        }
    }

    /// <summary>
    /// Waits (up to 10 s) until <paramref name="queue"/> holds at least <paramref name="expected"/> messages: a fault can be
    /// handled before the broker shows the moved message. Returns the count seen last.
    /// </summary>
    public static async Task<uint> EventuallyCountAsync(string queue, uint expected)
    {
        var count = 0u;
        for (var attempt = 0; attempt < 50 && count < expected; attempt++)
        {
            count = await CountAsync(queue);
            if (count < expected)
            {
                await Task.Delay(200);
            }
        }

        return count;
    }
}
