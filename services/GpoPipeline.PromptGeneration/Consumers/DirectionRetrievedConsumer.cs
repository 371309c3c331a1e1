using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.PromptGeneration.Consumers;

public sealed class DirectionRetrievedConsumer(CandidateGenerator generator, StrategyGeneration strategies, DeliveryUsage deliveries) : IConsumer<DirectionRetrieved>
{
    public async Task Consume(ConsumeContext<DirectionRetrieved> context)
    {
        using var span = ServiceDefaults.PipelineSpans.Phase(ServiceDefaults.PipelineSpans.Generation, context.Message.RunId, context.Message.Step);
        // A baseline method (OPRO, APE) carries its search state; GPO and its ablations take GPO's own path.
        // A retry of this message reports what its failed deliveries paid (completions it now gets from the cache).
        var paid = deliveries.For(context.MessageId);
        var generated = context.Message.Generation?.Search is null
            ? await generator.GenerateAsync(context.Message, paid, context.CancellationToken)
            : await strategies.GenerateAsync(context.Message, paid, context.CancellationToken);
        await context.Publish(generated, context.CancellationToken);
        deliveries.Forget(context.MessageId);
    }
}
