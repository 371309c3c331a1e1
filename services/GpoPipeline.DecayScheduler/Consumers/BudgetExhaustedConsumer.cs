using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class BudgetExhaustedConsumer(RunDriver driver) : IConsumer<BudgetExhausted>
{
    public Task Consume(ConsumeContext<BudgetExhausted> context) =>
        driver.StopForBudgetAsync(context.Message.RunId, context.Message.Detail, context, context.CancellationToken);
}
