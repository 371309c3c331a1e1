using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.Scoring.Consumers;

/// <summary>Competing consumer: any number of Scoring processes share the ScoreBatch queue.</summary>
public sealed class ScoreBatchConsumer(BatchScorer scorer) : IConsumer<ScoreBatch>
{
    public async Task Consume(ConsumeContext<ScoreBatch> context) =>
        await context.Publish(await scorer.ScoreAsync(context.Message, context.CancellationToken), context.CancellationToken);
}
