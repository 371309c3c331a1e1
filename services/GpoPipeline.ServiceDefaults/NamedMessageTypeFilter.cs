using MassTransit;
using MassTransit.Serialization;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// Refuses a raw JSON message that names no message type (no <c>MT-MessageType</c> header). MassTransit reads such a
/// message as every type its endpoint takes: on an endpoint with several (the control plane's run progress, the
/// scheduler's faults, gpo's run events) one body of <c>{runId, reason}</c> was consumed as a RunFailed, a RunCancelled
/// and a CancelRun at once. The services always name the type; a message that does not is dead-lettered with the reason,
/// and, being <see cref="RejectedMessageException"/>, never retried and never failing a run.
/// </summary>
public sealed class NamedMessageTypeFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var receive = context.ReceiveContext;
        if (string.Equals(receive.ContentType?.MediaType, SystemTextJsonRawMessageSerializer.JsonContentType.MediaType, StringComparison.OrdinalIgnoreCase)
            && !receive.TransportHeaders.TryGetHeader(MessageHeaders.MessageType, out _))
        {
            throw new RejectedMessageException(
                $"A raw JSON message without a '{MessageHeaders.MessageType}' header names no message type (this endpoint would read it as every type it takes); send its type in that header.");
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("namedMessageType");
}
