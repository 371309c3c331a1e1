using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.PromptGeneration;

public sealed class DirectionRetrievedConsumerDefinition : ConsumerDefinition<DirectionRetrievedConsumer>
{
    public DirectionRetrievedConsumerDefinition()
    {
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<DirectionRetrievedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // The model client already retried transient failures; a redelivery replays paid replies from the cache.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<BudgetExhaustedException>();
            retry.Ignore<ModelCallException>(error => !error.IsTransient); // 401/400/404: fix the configuration
            retry.Exponential(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300));
        });
    }
}
