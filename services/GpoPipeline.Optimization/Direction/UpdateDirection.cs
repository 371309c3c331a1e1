using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Direction;

/// <summary>The trajectory entries shown to the optimizer, in display order, and the current prompt.</summary>
public sealed record UpdateDirection(RetrievalStrategy Strategy, IReadOnlyList<TrajectoryEntry> Entries, TrajectoryEntry Current);
