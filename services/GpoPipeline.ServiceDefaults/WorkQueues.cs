using MassTransit;
using Microsoft.Extensions.Configuration;
using Messages = GpoPipeline.Contracts;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The queue of each unit of work on the bus: the receive endpoint of the one consumer that does it. Every host on
/// RabbitMQ declares the ones its broker user may before its bus starts (<see cref="WorkQueueDeclaration"/>), so
/// work published before its worker has ever run (a fresh broker, a new <see cref="MessagingOptions.EndpointPrefix"/>,
/// a deployment whose scorers are still starting) waits in its queue. RabbitMQ drops a message no queue is bound for:
/// a StartRun sent before the scheduler first ran was lost and its submitter waited forever; a ScoreBatch sent before
/// the first scorer lay nowhere until the stalled-run watchdog re-sent it.
/// </summary>
/// <remarks>
/// The names are those MassTransit's kebab-case formatter gives the consumers (ScoreBatchConsumer → score-batch);
/// <c>WorkQueues_Specs</c> holds the two together. Events (StepCompleted, RunCompleted, ...) are not work: a follower
/// that was not listening has nothing to catch up on.
/// </remarks>
public static class WorkQueues
{
    public const string StartRun = "start-run";
    public const string CancelRun = "cancel-run";
    public const string ResumeRun = "resume-run";
    public const string StepStarted = "step-started";
    public const string DirectionRetrieved = "direction-retrieved";
    public const string CandidatesGenerated = "candidates-generated";
    public const string ScoreBatch = "score-batch";
    public const string BatchScored = "batch-scored";

    /// <summary>The broker queue of <paramref name="endpoint"/> under <paramref name="prefix"/>, as the consumer's host names
    /// it; an endpoint's own queues (<c>score-batch_error</c>, <c>_skipped</c>) are its queue's name and their suffix.</summary>
    /// <remarks>
    /// The formatter the bus uses kebab-cases prefix and consumer name as one word (QA + ScoreBatch → qascore-batch,
    /// gpo-prod- + ScoreBatch → gpo-prod-score-batch), so the name is made the same way: kebab-casing the prefix on its own
    /// declared queues (qa-score-batch) no consumer ever read.
    /// </remarks>
    public static string QueueName(string? prefix, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return endpoint;
        }

        // MassTransit names an endpoint's error and skipped queues after the endpoint's queue: the suffix is not kebab-cased.
        var suffixAt = endpoint.IndexOf('_', StringComparison.Ordinal);
        var (name, suffix) = suffixAt < 0 ? (endpoint, "") : (endpoint[..suffixAt], endpoint[suffixAt..]);
        return new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false).SanitizeName(prefix + PascalCase(name)) + suffix;
    }

    /// <summary>The consumer's name without "Consumer" (score-batch → ScoreBatch), as the formatter starts from it.</summary>
    private static string PascalCase(string endpoint) =>
        string.Concat(endpoint.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>
    /// How many consumers the work queue <paramref name="endpoint"/> of the configured broker and prefix has now (0: no
    /// worker of that kind is running there, so its work waits); null when the broker could not be asked.
    /// </summary>
    public static async Task<uint?> ConsumerCountAsync(IConfiguration configuration, string endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        if (messaging.IsInMemory)
        {
            return null;
        }

        var tls = messaging.UsesTls ? new BrokerCertificateValidator(messaging.RabbitMqUri, messaging.Tls) : null;
        var factory = BrokerConnections.Factory(messaging.RabbitMqUri, tls, "gpo-queue-probe", TimeSpan.FromSeconds(5));
        try
        {
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var queue = await channel.QueueDeclarePassiveAsync(QueueName(messaging.EndpointPrefix, endpoint), cancellationToken);
            return queue.ConsumerCount;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException
                                       or IOException or TimeoutException)
        {
            return null; // only a hint for the user; the run's own events tell the rest
        }
    }

    /// <summary>Each work message's exchange (as this bus names it) and the queue of its worker.</summary>
    public static IReadOnlyList<(string MessageExchange, string Queue)> Of(IBusTopology topology, string? prefix)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return
        [
            (topology.Message<Messages.StartRun>().EntityName, QueueName(prefix, StartRun)),
            (topology.Message<Messages.CancelRun>().EntityName, QueueName(prefix, CancelRun)),
            (topology.Message<Messages.ResumeRun>().EntityName, QueueName(prefix, ResumeRun)),
            (topology.Message<Messages.StepStarted>().EntityName, QueueName(prefix, StepStarted)),
            (topology.Message<Messages.DirectionRetrieved>().EntityName, QueueName(prefix, DirectionRetrieved)),
            (topology.Message<Messages.CandidatesGenerated>().EntityName, QueueName(prefix, CandidatesGenerated)),
            (topology.Message<Messages.ScoreBatch>().EntityName, QueueName(prefix, ScoreBatch)),
            (topology.Message<Messages.BatchScored>().EntityName, QueueName(prefix, BatchScored)),
        ];
    }
}
