using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class StartRunConsumer(RunCoordinator coordinator) : IConsumer<StartRun>
{
    public Task Consume(ConsumeContext<StartRun> context) =>
        coordinator.StartAsync(context.Message, context, context.CancellationToken);
}
