using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class CandidatesGeneratedConsumer(RunCoordinator coordinator) : IConsumer<CandidatesGenerated>
{
    public Task Consume(ConsumeContext<CandidatesGenerated> context) =>
        coordinator.RecordCandidatesAsync(context.Message, context, context.CancellationToken);
}
