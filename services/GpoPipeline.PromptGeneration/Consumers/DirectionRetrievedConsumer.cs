using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.PromptGeneration.Consumers;

public sealed class DirectionRetrievedConsumer(CandidateGenerator generator, StrategyGeneration strategies) : IConsumer<DirectionRetrieved>
{
    public async Task Consume(ConsumeContext<DirectionRetrieved> context)
    {
        using var span = ServiceDefaults.PipelineSpans.Phase(ServiceDefaults.PipelineSpans.Generation, context.Message.RunId, context.Message.Step);
        // A baseline method (OPRO, APE) carries its search state; GPO and its ablations take GPO's own path.
        var generated = context.Message.Generation?.Search is null
            ? await generator.GenerateAsync(context.Message, context.CancellationToken)
            : await strategies.GenerateAsync(context.Message, context.CancellationToken);
        await context.Publish(generated, context.CancellationToken);
    }
}
