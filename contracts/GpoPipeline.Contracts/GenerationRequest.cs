using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Contracts;

/// <summary>Everything PromptGeneration needs besides the direction: meta-prompt inputs and the call allowance.</summary>
public sealed record GenerationRequest
{
    /// <summary>The run's profile: the worker asks <see cref="ProfilePolicy"/> what it means (docs/profiles.md).</summary>
    public RunProfile Profile { get; init; } = RunProfile.Production;

    /// <summary>How the direction was retrieved; the meta-prompt's wording depends on it (spec §2.4).</summary>
    public required RetrievalStrategy Strategy { get; init; }

    public required Refinement Refinement { get; init; }
    public required PromptPosition Position { get; init; }
    public required ScoreDisplay ScoreDisplay { get; init; }
    public required bool EnforceBudget { get; init; }
    public required int Candidates { get; init; }
    public required int Seed { get; init; }

    /// <summary>The run's format examples shown in the meta-prompt (spec §1.1), picked once by the scheduler.</summary>
    public required IReadOnlyList<ExampleData> FormatExamples { get; init; }

    /// <summary>The trajectory so far (for de-duplication against earlier prompts, spec §1.3.6).</summary>
    public required IReadOnlyList<TrajectoryPoint> Trajectory { get; init; }

    /// <summary>Optimizer calls the scheduler reserved for this step; the worker never makes more.</summary>
    public required int MaxCalls { get; init; }

    /// <summary>Set for a baseline method that the worker drives with its catalog strategy; null for GPO's own path.</summary>
    public StrategyInput? Search { get; init; }
}
