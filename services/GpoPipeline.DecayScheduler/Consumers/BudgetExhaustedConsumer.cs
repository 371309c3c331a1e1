using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

public sealed class BudgetExhaustedConsumer(RunCoordinator coordinator) : IConsumer<BudgetExhausted>
{
    public Task Consume(ConsumeContext<BudgetExhausted> context) =>
        coordinator.StopForBudgetAsync(context.Message, context, context.CancellationToken);
}
