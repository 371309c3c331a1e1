using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class CancelRunConsumer(RunDriver driver) : IConsumer<CancelRun>
{
    public Task Consume(ConsumeContext<CancelRun> context) =>
        driver.CancelAsync(context.Message, context, context.CancellationToken);
}
