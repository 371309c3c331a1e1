using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.Cli.Hosting;

/// <summary>Hands a distributed run's progress events to the CLI (its own temporary queue: no store needed).</summary>
public sealed class RunEventsConsumer(RunEvents events) :
    IConsumer<StepStarted>, IConsumer<StepCompleted>, IConsumer<RunCompleted>, IConsumer<RunFailed>, IConsumer<RunCancelled>
{
    public Task Consume(ConsumeContext<StepStarted> context) => Add(context.Message.RunId, context.Message);

    public Task Consume(ConsumeContext<StepCompleted> context) => Add(context.Message.RunId, context.Message);

    public Task Consume(ConsumeContext<RunCompleted> context) => Add(context.Message.RunId, context.Message);

    public Task Consume(ConsumeContext<RunFailed> context) => Add(context.Message.RunId, context.Message);

    public Task Consume(ConsumeContext<RunCancelled> context) => Add(context.Message.RunId, context.Message);

    private Task Add(Guid runId, object message)
    {
        events.Add(runId, message);
        return Task.CompletedTask;
    }
}
