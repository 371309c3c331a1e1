using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

/// <summary>
/// A message that kept failing went to its <c>_error</c> queue; MassTransit publishes <see cref="Fault{T}"/>
/// and the run is marked failed with the reason, visible in the run document (DESIGN §2) — only when the faulted
/// message is the run's open work (its step and work token): a forged or stale message cannot fail anyone's run.
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
    /// <summary>The run may not exist (the StartRun failed before creating it): it is then created failed with the reason.
    /// A StartRun carries no work token: an existing run fails only while it stands where its StartRun's failure leaves it
    /// (<see cref="Lifecycle.RunLifecycle.FailStart"/>), so a forged fault cannot fail a run that has moved on.</summary>
    public Task Consume(ConsumeContext<Fault<StartRun>> context) =>
        Reason(context, null) is { } reason
            ? driver.FailStartAsync(context.Message.Message, reason, context, context.CancellationToken)
            : Task.CompletedTask;

    public Task Consume(ConsumeContext<Fault<StepStarted>> context)
    {
        var started = context.Message.Message;
        return Refusal(context) is { } why
            ? driver.FailRefusedStepAsync(started.RunId, started.Step, started.WorkToken, "retrieval", why, context, context.CancellationToken)
            : Fail(context, started.RunId, started.Step, started.WorkToken);
    }

    public Task Consume(ConsumeContext<Fault<DirectionRetrieved>> context)
    {
        var retrieved = context.Message.Message;
        return Refusal(context) is { } why
            ? driver.FailRefusedStepAsync(retrieved.RunId, retrieved.Step, retrieved.WorkToken, "generation", why, context, context.CancellationToken)
            : Fail(context, retrieved.RunId, retrieved.Step, retrieved.WorkToken);
    }

    // A generation carries the token of the request it answers (its step's, while the step waits for candidates).
    public Task Consume(ConsumeContext<Fault<CandidatesGenerated>> context) => Fail(context, context.Message.Message.RunId, context.Message.Message.Step, context.Message.Message.WorkToken);

    public Task Consume(ConsumeContext<Fault<ScoreBatch>> context) =>
        Refusal(context) is { } why
            ? driver.FailRefusedWorkAsync(context.Message.Message, why, context, context.CancellationToken)
            : Fail(context, context.Message.Message.RunId, context.Message.Message.Step, context.Message.Message.WorkToken);

    public Task Consume(ConsumeContext<Fault<BatchScored>> context) => Fail(context, context.Message.Message.RunId, context.Message.Message.Step, context.Message.Message.WorkToken);

    /// <summary>
    /// Why a worker refused the message as unfit, or null when it failed otherwise. Refused work fails the run only when
    /// it is the run's own open work (its work token says so); sent again it would be refused again, forever.
    /// </summary>
    private static string? Refusal<TMessage>(ConsumeContext<Fault<TMessage>> context)
        where TMessage : class =>
        context.Message.Exceptions.FirstOrDefault() is { } error && error.ExceptionType == typeof(RejectedMessageException).FullName ? error.Message : null;

    /// <summary>Fails the run when the faulted message is its open step's own work (<paramref name="workToken"/>): a
    /// forged or stale message's fault changes nothing.</summary>
    private Task Fail<TMessage>(ConsumeContext<Fault<TMessage>> context, Guid runId, int step, Guid workToken)
        where TMessage : class =>
        Reason(context, step) is { } reason ? driver.FailFaultedWorkAsync(runId, step, workToken, reason, context, context.CancellationToken) : Task.CompletedTask;

    /// <summary>Why the run fails, or null when the message was refused as unfit: it did not fit the run and changed
    /// nothing, and a forged message must not fail a run.</summary>
    private static string? Reason<TMessage>(ConsumeContext<Fault<TMessage>> context, int? step)
        where TMessage : class
    {
        var error = context.Message.Exceptions.FirstOrDefault();
        if (error?.ExceptionType == typeof(RejectedMessageException).FullName)
        {
            return null;
        }

        var where = step is null ? typeof(TMessage).Name : $"{typeof(TMessage).Name} of step {step}";
        return $"{where} failed after retries: {error?.Message ?? "unknown error"}";
    }
}
