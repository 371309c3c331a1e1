using MassTransit;
using Messages = GpoPipeline.Contracts;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The queue of each unit of work on the bus: the receive endpoint of the one consumer that does it. Every host on
/// RabbitMQ declares these queues with their bindings before its bus starts (<see cref="WorkQueueDeclaration"/>), so
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

    /// <summary>The broker queue of <paramref name="endpoint"/> under <paramref name="prefix"/>, as the consumer's host names it.</summary>
    public static string QueueName(string? prefix, string endpoint) =>
        string.IsNullOrWhiteSpace(prefix) ? endpoint : $"{KebabCaseEndpointNameFormatter.Instance.SanitizeName(prefix)}-{endpoint}";

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
