using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.Testing;

/// <summary>Copies of a cluster's work messages into <see cref="RunTraffic"/> (its own queue, bound to their exchanges).</summary>
public sealed class RunTrafficObserver(RunTraffic traffic)
    : IConsumer<ScoreBatch>, IConsumer<BatchScored>, IConsumer<StepStarted>, IConsumer<DirectionRetrieved>, IConsumer<CandidatesGenerated>
{
    public Task Consume(ConsumeContext<ScoreBatch> context) => Record(() => traffic.Saw(context.Message));

    public Task Consume(ConsumeContext<BatchScored> context) => Record(() => traffic.Saw(context.Message));

    public Task Consume(ConsumeContext<StepStarted> context) => Record(() => traffic.Saw(context.Message));

    public Task Consume(ConsumeContext<DirectionRetrieved> context) => Record(() => traffic.Saw(context.Message));

    public Task Consume(ConsumeContext<CandidatesGenerated> context) => Record(() => traffic.Saw(context.Message));

    private static Task Record(Action saw)
    {
        saw();
        return Task.CompletedTask;
    }
}
