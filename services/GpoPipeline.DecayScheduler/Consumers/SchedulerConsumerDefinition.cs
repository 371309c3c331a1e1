using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

/// <summary>
/// Retry and concurrency of the scheduler's consumers. Compare-and-set conflicts are retried inside
/// <see cref="RunUpdater"/>; these retries cover a store or broker that is briefly unavailable.
/// </summary>
public sealed class SchedulerConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public SchedulerConsumerDefinition()
    {
        ConcurrentMessageLimit = 16;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseStoreRetry();
    }
}
