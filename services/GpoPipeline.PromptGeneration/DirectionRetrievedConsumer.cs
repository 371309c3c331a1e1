using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.PromptGeneration;

public sealed class DirectionRetrievedConsumer(CandidateGenerator generator) : IConsumer<DirectionRetrieved>
{
    public async Task Consume(ConsumeContext<DirectionRetrieved> context)
    {
        var message = context.Message;
        using var span = ServiceDefaults.PipelineSpans.Phase(ServiceDefaults.PipelineSpans.Generation, message.RunId, message.Step);
        try
        {
            var generated = await generator.GenerateAsync(message, context.CancellationToken);
            if (generated is not null)
            {
                await context.Publish(generated, context.CancellationToken);
            }
        }
        catch (BudgetExhaustedException ex)
        {
            await context.Publish(new BudgetExhausted { RunId = message.RunId, Step = message.Step, Detail = ex.Message }, context.CancellationToken);
        }
    }
}
