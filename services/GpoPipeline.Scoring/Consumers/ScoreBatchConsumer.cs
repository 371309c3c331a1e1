using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using MassTransit;

namespace GpoPipeline.Scoring.Consumers;

/// <summary>Competing consumer: any number of Scoring processes share the ScoreBatch queue.</summary>
public sealed class ScoreBatchConsumer(BatchScorer scorer, DeliveryUsage deliveries) : IConsumer<ScoreBatch>
{
    public async Task Consume(ConsumeContext<ScoreBatch> context)
    {
        var message = context.Message;
        using var span = ServiceDefaults.PipelineSpans.ScoringBatchOf(message.RunId, message.Step, message.CandidateIndex, message.BatchIndex, message.Split);
        // A retry of this message reports what its failed deliveries paid (answers it now gets from the cache).
        var scored = await scorer.ScoreAsync(message, deliveries.For(context.MessageId), context.CancellationToken);
        await context.Publish(scored, context.CancellationToken);
        deliveries.Forget(context.MessageId);
    }
}
