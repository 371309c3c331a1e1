namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// A new prompt of a step. <see cref="Index"/> is its position in the step (pass it on as
/// <see cref="Selection.ScoredCandidate.Index"/>); <see cref="Parent"/> is the prompt it refines. The word
/// edit distance to the parent and the budget check are recorded for reports (spec §3.2: the code never
/// enforces the budget; neither does a strategy).
/// </summary>
public sealed record StrategyCandidate(int Index, string Prompt, string Parent, int EditDistance, bool WithinBudget);
