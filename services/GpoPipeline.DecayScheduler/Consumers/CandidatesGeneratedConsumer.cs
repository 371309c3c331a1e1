using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class CandidatesGeneratedConsumer(RunDriver driver) : IConsumer<CandidatesGenerated>
{
    public Task Consume(ConsumeContext<CandidatesGenerated> context) =>
        driver.RecordCandidatesAsync(context.Message, context.MessageId ?? Guid.Empty, context, Redelivery.MayRepeat(context), context.CancellationToken);
}
