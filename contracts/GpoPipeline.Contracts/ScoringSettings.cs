using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Contracts;

/// <summary>How Scoring builds and scores the task model's input (spec §5), parsed once by the scheduler.</summary>
public sealed record ScoringSettings
{
    /// <summary>The run's profile: the worker asks <see cref="ProfilePolicy"/> what it means (docs/profiles.md).</summary>
    public RunProfile Profile { get; init; } = RunProfile.Production;

    public required TaskDefinition Task { get; init; }
    public required PromptPosition Position { get; init; }
    public required bool TwoRoundExtraction { get; init; }

    /// <summary>
    /// The task model the run declares (<see cref="RunConfiguration.TaskModel"/>): its answers are memoized under that
    /// name, so a scorer configured with another model refuses the batch. Empty or null (a run naming none, or a
    /// message sent before this field) means unknown and is scored.
    /// </summary>
    public string? TaskModel { get; init; }
}
