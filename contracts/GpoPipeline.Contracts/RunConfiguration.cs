using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Contracts;

/// <summary>
/// <see cref="RunSettings"/> parsed once, when the run is created: every option as the algorithm's own type, so
/// no consumer compares strings or parses enums. Stored with the run; the messages carry the parts they need.
/// </summary>
public sealed record RunConfiguration
{
    /// <summary>A run stored before profiles existed reads as the default, production.</summary>
    public RunProfile Profile { get; init; } = RunProfile.Production;

    public required RetrievalSettings Retrieval { get; init; }
    public required EditBudgetOptions EditBudget { get; init; }
    public required Refinement Refinement { get; init; }
    public required PromptPosition Position { get; init; }
    public required ScoreDisplay ScoreDisplay { get; init; }
    public required bool EnforceBudget { get; init; }
    public required bool TwoRoundExtraction { get; init; }
    public required int Candidates { get; init; }
    public required int BatchSize { get; init; }
    public required int FormatExamples { get; init; }
    /// <summary>
    /// Examples per ScoreBatch message (Scheduler:ExamplesPerScoreBatch when the run started); 0 for a run stored
    /// before it existed, whose batches were cut by <see cref="BatchSize"/>. Not the paper's batch size.
    /// </summary>
    public int ExamplesPerScoreBatch { get; init; }

    public required int Seed { get; init; }

    /// <summary>The optimizer method's catalog name; "gpo" unless a baseline or ablation was asked for (docs/baselines.md).</summary>
    public string Method { get; init; } = "gpo";

    /// <summary>The task model the run is meant for; part of every memoized answer's key.</summary>
    public required string TaskModel { get; init; }

    /// <summary>The task as the dataset defined it (set once the dataset is read).</summary>
    public string TaskBenchmark { get; init; } = "user";
    public TaskKind TaskKind { get; init; }

    /// <summary>For boolean tasks the two gold words, positive first; null otherwise.</summary>
    public string[]? BooleanWords { get; init; }

    public TaskDefinition TaskDefinition(string taskName) => new(TaskBenchmark, taskName, TaskKind)
    {
        BooleanWords = BooleanWords is [var positive, var negative] ? new Optimization.Tasks.BooleanWords(positive, negative) : null,
    };
}
