using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class BatchScoredConsumer(RunDriver driver) : IConsumer<BatchScored>
{
    public Task Consume(ConsumeContext<BatchScored> context) =>
        driver.RecordScoreAsync(context.Message, context.MessageId ?? Guid.Empty, context, Redelivery.MayRepeat(context), context.CancellationToken);
}
