using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.DirectionRetrieval.Consumers;

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
        endpointConfigurator.UseModelCallRetry();
    }
}
