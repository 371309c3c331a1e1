using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class ResumeRunConsumer(RunCoordinator coordinator) : IConsumer<ResumeRun>
{
    public Task Consume(ConsumeContext<ResumeRun> context) =>
        coordinator.ResumeAsync(context.Message, context, context.CancellationToken);
}
