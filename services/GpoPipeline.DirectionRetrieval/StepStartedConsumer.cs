using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.DirectionRetrieval;

public sealed class StepStartedConsumer(DirectionService directions) : IConsumer<StepStarted>
{
    public async Task Consume(ConsumeContext<StepStarted> context)
    {
        var message = context.Message;
        using var span = ServiceDefaults.PipelineSpans.Phase(ServiceDefaults.PipelineSpans.Retrieval, message.RunId, message.Step);
        try
        {
            var retrieved = await directions.RetrieveAsync(message, context.CancellationToken);
            if (retrieved is not null)
            {
                await context.Publish(retrieved, context.CancellationToken);
            }
        }
        catch (BudgetExhaustedException ex)
        {
            // Embedding calls count against the run's budget too; a spent budget stops the run cleanly.
            await context.Publish(new BudgetExhausted { RunId = message.RunId, Step = message.Step, Detail = ex.Message }, context.CancellationToken);
        }
    }
}
