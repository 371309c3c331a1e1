namespace GpoPipeline.Contracts;

/// <summary>A candidate prompt of a step, with its word-level edit distance to the current prompt.</summary>
public sealed record CandidatePrompt
{
    public required int CandidateIndex { get; init; }
    public required string Prompt { get; init; }
    public required int EditDistance { get; init; }
    public required bool WithinBudget { get; init; }
}
