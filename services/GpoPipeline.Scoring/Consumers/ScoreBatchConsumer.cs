using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.Scoring.Consumers;

/// <summary>Competing consumer: any number of Scoring processes share the ScoreBatch queue.</summary>
public sealed class ScoreBatchConsumer(BatchScorer scorer) : IConsumer<ScoreBatch>
{
    public async Task Consume(ConsumeContext<ScoreBatch> context)
    {
        var message = context.Message;
        using var span = ServiceDefaults.PipelineSpans.ScoringBatchOf(message.RunId, message.Step, message.CandidateIndex, message.BatchIndex, message.Split);
        await context.Publish(await scorer.ScoreAsync(message, context.CancellationToken), context.CancellationToken);
    }
}
