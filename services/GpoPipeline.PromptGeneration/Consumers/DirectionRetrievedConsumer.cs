using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.PromptGeneration.Consumers;

public sealed class DirectionRetrievedConsumer(CandidateGenerator generator) : IConsumer<DirectionRetrieved>
{
    public async Task Consume(ConsumeContext<DirectionRetrieved> context) =>
        await context.Publish(await generator.GenerateAsync(context.Message, context.CancellationToken), context.CancellationToken);
}
