using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.PromptGeneration.Consumers;

public sealed class DirectionRetrievedConsumer(CandidateGenerator generator) : IConsumer<DirectionRetrieved>
{
    public async Task Consume(ConsumeContext<DirectionRetrieved> context)
    {
        using var span = ServiceDefaults.PipelineSpans.Phase(ServiceDefaults.PipelineSpans.Generation, context.Message.RunId, context.Message.Step);
        await context.Publish(await generator.GenerateAsync(context.Message, context.CancellationToken), context.CancellationToken);
    }
}
