namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// One kill -9 of a worker process in a kill spec: which service, at which durable progress (batches of the run
/// answered) plus which seeded delay, what it held, and the calls that work could cost a second time.
/// </summary>
public sealed record WorkerKill(string Service, int AfterBatches, int DelayMilliseconds, bool RunStillOpen, int UnansweredMessages, int CallsInFlight)
{
    public override string ToString() =>
        $"{Service} after {AfterBatches} batches + {DelayMilliseconds} ms{(RunStillOpen ? "" : " (run already ended)")}: " +
        $"{UnansweredMessages} of its messages unanswered, ≤ {CallsInFlight} calls in flight";
}
