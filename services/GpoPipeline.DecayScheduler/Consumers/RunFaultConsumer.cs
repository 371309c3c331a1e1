using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

/// <summary>
/// A message that kept failing went to its <c>_error</c> queue; MassTransit publishes <see cref="Fault{T}"/>
/// and the run is marked failed with the reason, visible in the run document (DESIGN §2).
/// </summary>
public sealed class RunFaultConsumer<TMessage>(RunCoordinator coordinator) : IConsumer<Fault<TMessage>>
    where TMessage : class
{
    public Task Consume(ConsumeContext<Fault<TMessage>> context)
    {
        var (runId, step) = RunOf(context.Message.Message);
        var error = context.Message.Exceptions.FirstOrDefault();
        var reason = $"{typeof(TMessage).Name} of step {step} failed after retries: {error?.Message ?? "unknown error"}";
        return coordinator.FailAsync(runId, reason, step, context, context.CancellationToken);
    }

    private static (Guid RunId, int? Step) RunOf(TMessage message) => message switch
    {
        StartRun m => (m.RunId, null),
        StepStarted m => (m.RunId, m.Step),
        DirectionRetrieved m => (m.RunId, m.Step),
        CandidatesGenerated m => (m.RunId, m.Step),
        ScoreBatch m => (m.RunId, m.Step),
        BatchScored m => (m.RunId, m.Step),
        _ => throw new NotSupportedException($"No run id known for {typeof(TMessage).Name}."),
    };
}
