using MassTransit;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// Prefixes the exchanges published messages go to with <see cref="MessagingOptions.EndpointPrefix"/>. Queue names
/// alone did not separate deployments: a published StartRun or ScoreBatch reached every consumer of that message type
/// on the broker, whatever its queue prefix, so two stacks (or two test runs) on one broker did each other's work.
/// </summary>
public sealed class PrefixedEntityNameFormatter(IEntityNameFormatter inner, string prefix) : IEntityNameFormatter
{
    public string FormatEntityName<T>() => prefix + inner.FormatEntityName<T>();
}
