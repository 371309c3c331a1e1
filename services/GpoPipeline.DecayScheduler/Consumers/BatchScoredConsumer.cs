using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class BatchScoredConsumer(RunCoordinator coordinator) : IConsumer<BatchScored>
{
    public Task Consume(ConsumeContext<BatchScored> context) =>
        coordinator.RecordScoreAsync(context.Message, context, context.CancellationToken);
}
