using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// Declares the work queues of <see cref="WorkQueues"/> before the bus starts: each queue (durable, no arguments, as
/// the worker's own receive endpoint declares it) bound straight to its message's exchange. The worker adds its
/// endpoint exchange between the two when it starts; RabbitMQ still puts one copy of a message in a queue however
/// many of its bindings match. The straight binding needs the fewest rights (configure and write on the queue, read on
/// the message exchange), so a least-privilege broker user (compose/rabbitmq/users.sh) declares the queues it feeds:
/// the scheduler those of the work it sends, the API those of the runs it submits. A queue this host's user may not
/// declare is left to those who may (debug log). Registered before the bus, so nothing this host publishes, or
/// consumes and answers, reaches an exchange without its queue. A broker that does not answer yet is tried again, as
/// the bus would, until it answers or the host's start is cancelled.
/// </summary>
internal sealed class WorkQueueDeclaration(
    IBus bus, Uri broker, BrokerCertificateValidator? tls, string? prefix, ILogger<WorkQueueDeclaration> logger) : IHostedService
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);
    private const int PreconditionFailed = 406; // AMQP 0-9-1 precondition-failed: the entity exists with other settings
    private const int AccessRefused = 403; // AMQP 0-9-1 access-refused: the user's permissions do not cover it

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var queues = WorkQueues.Of(bus.Topology, prefix);
        var factory = BrokerConnections.Factory(broker, tls, "gpo-work-queues", Patience);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DeclareAsync(factory, queues, cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation(
                    "Broker {Host}:{Port} did not take the work queues' declaration yet (attempt {Attempt}: {Reason}); trying again.",
                    broker.Host, BrokerUri.Port(broker), attempt, ex.Message);
                await Task.Delay(Pause, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task DeclareAsync(ConnectionFactory factory, IReadOnlyList<(string MessageExchange, string Queue)> queues, CancellationToken cancellationToken)
    {
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        foreach (var (messageExchange, queue) in queues)
        {
            // A channel per queue: the broker closes the channel that asked for a declaration it refuses.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await channel.ExchangeDeclareAsync(messageExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
                await channel.QueueBindAsync(queue, messageExchange, routingKey: "", cancellationToken: cancellationToken);
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == AccessRefused)
            {
                // Not this host's user's to declare (least privilege): the scheduler declares the work it sends.
                logger.LogDebug("Work queue {Queue} not declared by this host: {Reason}.", queue, ex.ShutdownReason.ReplyText);
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == PreconditionFailed)
            {
                // Declared by someone else with other settings (a quorum queue made by hand, say): theirs stands, and the
                // worker that consumes it must be configured to match; this host publishes to it as it is.
                logger.LogWarning("Work queue {Queue} exists with other settings than this host declares ({Reason}); left as it is.", queue, ex.ShutdownReason.ReplyText);
            }
        }

        await connection.CloseAsync(cancellationToken);
    }
}
