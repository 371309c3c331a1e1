using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class StartRunConsumer(RunDriver driver) : IConsumer<StartRun>
{
    public Task Consume(ConsumeContext<StartRun> context) =>
        driver.StartAsync(context.Message, context, context.CancellationToken);
}
