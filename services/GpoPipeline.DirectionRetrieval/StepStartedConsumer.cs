using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DirectionRetrieval;

public sealed class StepStartedConsumer(DirectionService directions) : IConsumer<StepStarted>
{
    public async Task Consume(ConsumeContext<StepStarted> context)
    {
        var retrieved = await directions.RetrieveAsync(context.Message, context.CancellationToken);
        if (retrieved is not null)
        {
            await context.Publish(retrieved, context.CancellationToken);
        }
    }
}
