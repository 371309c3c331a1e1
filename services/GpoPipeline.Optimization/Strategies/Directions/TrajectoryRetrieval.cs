using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Strategies.Directions;

/// <summary>
/// GPO's update direction (spec §2.1-2.3): k entries of the selected-prompt trajectory by relevance, recency
/// or importance, or none. Delegates to <see cref="DirectionRetriever"/>; the refined prompt is always
/// <see cref="Trajectory.Current"/>.
/// </summary>
public sealed class TrajectoryRetrieval(DirectionOptions options) : IDirectionSource
{
    public DirectionOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Describe() => Options.Strategy == RetrievalStrategy.None
        ? "current prompt only"
        : $"{Options.Strategy.ToString().ToLowerInvariant()} retrieval, k = {Options.K}";

    public UpdateDirection For(StepContext context, TrajectoryEntry current)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DirectionRetriever.Retrieve(context.State.Path, Options, context.Embeddings);
    }
}
