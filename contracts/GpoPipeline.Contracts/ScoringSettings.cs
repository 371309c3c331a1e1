using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Contracts;

/// <summary>How Scoring builds and scores the task model's input (spec §5), parsed once by the scheduler.</summary>
public sealed record ScoringSettings
{
    public required TaskDefinition Task { get; init; }
    public required PromptPosition Position { get; init; }
    public required bool TwoRoundExtraction { get; init; }
}
