using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.PromptGeneration.Consumers;

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
        endpointConfigurator.UseModelCallRetry();
    }
}
