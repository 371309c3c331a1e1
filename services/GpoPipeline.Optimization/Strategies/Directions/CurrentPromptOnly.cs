using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Strategies.Directions;

/// <summary>No trajectory: the optimizer sees only the prompt it refines (APE's resampling, ProTeGi's gradients).</summary>
public sealed class CurrentPromptOnly : IDirectionSource
{
    public string Describe() => "current prompt only";

    public UpdateDirection For(StepContext context, TrajectoryEntry current) =>
        new(RetrievalStrategy.None, [current], current);
}
