using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>The update direction (spec §2): which earlier prompts the optimizer sees when it refines <c>current</c>.</summary>
public interface IDirectionSource
{
    string Describe();

    UpdateDirection For(StepContext context, TrajectoryEntry current);
}
