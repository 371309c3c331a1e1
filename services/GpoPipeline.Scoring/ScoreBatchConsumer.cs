using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.Scoring;

/// <summary>Competing consumer: any number of Scoring processes share the ScoreBatch queue.</summary>
public sealed class ScoreBatchConsumer(BatchScorer scorer) : IConsumer<ScoreBatch>
{
    public async Task Consume(ConsumeContext<ScoreBatch> context)
    {
        var message = context.Message;
        using var span = ServiceDefaults.PipelineSpans.ScoringBatchOf(message.RunId, message.Step, message.CandidateIndex, message.BatchIndex, message.Split);
        try
        {
            var scored = await scorer.ScoreAsync(message, context.CancellationToken);
            if (scored is not null)
            {
                await context.Publish(scored, context.CancellationToken);
            }
        }
        catch (BudgetExhaustedException ex)
        {
            await context.Publish(new BudgetExhausted { RunId = message.RunId, Step = message.Step, Detail = ex.Message }, context.CancellationToken);
        }
    }
}
