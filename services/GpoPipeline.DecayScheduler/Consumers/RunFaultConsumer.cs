using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

/// <summary>
/// A message that kept failing went to its <c>_error</c> queue; MassTransit publishes <see cref="Fault{T}"/>
/// and the run is marked failed with the reason, visible in the run document (DESIGN §2).
/// One non-generic consumer on its own endpoint: a generic consumer's endpoint would be named after its
/// message ("score-batch") and would steal that queue's messages from the real consumer.
/// </summary>
public sealed class RunFaultConsumer(RunDriver driver) :
    IConsumer<Fault<StartRun>>,
    IConsumer<Fault<StepStarted>>,
    IConsumer<Fault<DirectionRetrieved>>,
    IConsumer<Fault<CandidatesGenerated>>,
    IConsumer<Fault<ScoreBatch>>,
    IConsumer<Fault<BatchScored>>
{
    public Task Consume(ConsumeContext<Fault<StartRun>> context) => Fail(context, context.Message.Message.RunId, null);

    public Task Consume(ConsumeContext<Fault<StepStarted>> context) => Fail(context, context.Message.Message.RunId, context.Message.Message.Step);

    public Task Consume(ConsumeContext<Fault<DirectionRetrieved>> context) => Fail(context, context.Message.Message.RunId, context.Message.Message.Step);

    public Task Consume(ConsumeContext<Fault<CandidatesGenerated>> context) => Fail(context, context.Message.Message.RunId, context.Message.Message.Step);

    public Task Consume(ConsumeContext<Fault<ScoreBatch>> context)
    {
        var refused = context.Message.Exceptions.FirstOrDefault();
        // Refused as unfit: only the run's own open work fails the run (its work token says so), or it would wait forever.
        return refused is not null && refused.ExceptionType == typeof(RejectedMessageException).FullName
            ? driver.FailRefusedWorkAsync(context.Message.Message, refused.Message, context, context.CancellationToken)
            : Fail(context, context.Message.Message.RunId, context.Message.Message.Step);
    }

    public Task Consume(ConsumeContext<Fault<BatchScored>> context) => Fail(context, context.Message.Message.RunId, context.Message.Message.Step);

    private Task Fail<TMessage>(ConsumeContext<Fault<TMessage>> context, Guid runId, int? step)
        where TMessage : class
    {
        var error = context.Message.Exceptions.FirstOrDefault();
        if (error?.ExceptionType == typeof(RejectedMessageException).FullName)
        {
            // The message did not fit the run and changed nothing; a forged message must not fail a run.
            return Task.CompletedTask;
        }

        var where = step is null ? typeof(TMessage).Name : $"{typeof(TMessage).Name} of step {step}";
        var reason = $"{where} failed after retries: {error?.Message ?? "unknown error"}";
        return driver.FailAsync(runId, reason, step, context, context.CancellationToken);
    }
}
