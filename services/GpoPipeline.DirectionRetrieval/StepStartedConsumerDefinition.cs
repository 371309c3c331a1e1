using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.DirectionRetrieval;

public sealed class StepStartedConsumerDefinition : ConsumerDefinition<StepStartedConsumer>
{
    public StepStartedConsumerDefinition()
    {
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<StepStartedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // Budget and configuration errors will not improve with retries; the model client already retried transient ones.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<BudgetExhaustedException>();
            retry.Ignore<ModelCallException>(error => !error.IsTransient); // 401/400/404: fix the configuration
            retry.Exponential(3, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300));
        });
    }
}
