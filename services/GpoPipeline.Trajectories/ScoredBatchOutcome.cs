namespace GpoPipeline.Trajectories;

/// <summary>What recording a scorer reply changed: the answers that were new, and whether this write recorded the batch.</summary>
public sealed record ScoredBatchOutcome(IReadOnlySet<string> Added, bool BatchRecorded);
