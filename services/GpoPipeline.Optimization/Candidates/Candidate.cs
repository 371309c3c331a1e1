namespace GpoPipeline.Optimization.Candidates;

/// <summary>An accepted candidate prompt; <see cref="Index"/> is the position of its reply in the step.</summary>
public sealed record Candidate(int Index, string Prompt, int EditDistance, bool WithinBudget);
