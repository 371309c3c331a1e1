using GpoPipeline.Llm;
using Microsoft.Extensions.AI;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// A task model that answers at once, in process, for nothing: P3 with it measures the pipeline's own cost per
/// example (bus, scheduler, store, memo), not the simulator's HTTP stack. Never a measure of model quality.
/// </summary>
public sealed class ZeroCostTaskModel : ITaskModel
{
    private static readonly CallUsage Free = new(0, 0, 0, Estimated: false, CacheHit: false);

    public Task<ModelReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, ModelCall context, CancellationToken cancellationToken) =>
        Task.FromResult(new ModelReply("(A)", Free));
}
