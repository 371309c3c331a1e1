using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class ResumeRunConsumer(RunDriver driver) : IConsumer<ResumeRun>
{
    public Task Consume(ConsumeContext<ResumeRun> context) =>
        driver.ResumeAsync(context.Message, context, context.CancellationToken);
}
