using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class CancelRunConsumer(RunCoordinator coordinator) : IConsumer<CancelRun>
{
    public Task Consume(ConsumeContext<CancelRun> context) =>
        coordinator.CancelAsync(context.Message, context.CancellationToken);
}
