using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DirectionRetrieval.Consumers;

public sealed class StepStartedConsumer(DirectionService directions) : IConsumer<StepStarted>
{
    public async Task Consume(ConsumeContext<StepStarted> context)
    {
        using var span = ServiceDefaults.PipelineSpans.Phase(ServiceDefaults.PipelineSpans.Retrieval, context.Message.RunId, context.Message.Step);
        await context.Publish(await directions.RetrieveAsync(context.Message, context.CancellationToken), context.CancellationToken);
    }
}
