using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.Testing;

/// <summary>Listens to RunCompleted and RunFailed like a submitter that does not open the store.</summary>
public sealed class RunOutcomeObserver(RunOutcomes outcomes) : IConsumer<RunCompleted>, IConsumer<RunFailed>
{
    public Task Consume(ConsumeContext<RunCompleted> context)
    {
        outcomes.Completed[context.Message.RunId] = context.Message;
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunFailed> context)
    {
        outcomes.Failed[context.Message.RunId] = context.Message;
        return Task.CompletedTask;
    }
}
