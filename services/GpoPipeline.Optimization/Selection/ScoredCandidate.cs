namespace GpoPipeline.Optimization.Selection;

/// <summary>A candidate with its dev score; <see cref="Index"/> is its position in the step.</summary>
public sealed record ScoredCandidate(int Index, string Prompt, double DevScore);
