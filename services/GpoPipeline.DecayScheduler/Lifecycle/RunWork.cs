namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>Work a lifecycle transition asks for; the dispatcher turns it into messages (or memoized results).</summary>
public abstract record RunWork;

/// <summary>Open optimization step <paramref name="Step"/>: publish its StepStarted (retrieval, then generation).</summary>
public sealed record OpenStep(int Step) : RunWork;

/// <summary>Score these batches of step <paramref name="Step"/>; memoized examples are not sent again.</summary>
public sealed record ScoreStep(int Step, IReadOnlyList<BatchPlan> Batches) : RunWork;

/// <summary>Publish an event as it is (StepCompleted, RunFailed).</summary>
public sealed record Announce(object Message) : RunWork;

/// <summary>The run reached an end that keeps results (completed, stopped on budget): publish RunCompleted with its cost.</summary>
public sealed record Finish : RunWork;
