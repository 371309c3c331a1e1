namespace GpoPipeline.Contracts;

/// <summary>
/// Everything a run needs to be reproduced: what to optimize, with which models, and how.
/// Defaults follow the GPO spec §4 (final GPO configuration).
/// </summary>
public sealed record RunSettings
{
    /// <summary>Folder of the task (benchmark/task/split.jsonl layout) or a user's JSONL file.</summary>
    public required string DataPath { get; init; }

    /// <summary>Task name; inferred from the folder name when empty.</summary>
    public string? Task { get; init; }

    public string InitialPrompt { get; init; } = "Let's think step by step.";
    public int Epochs { get; init; } = 3;

    /// <summary>The optimizer, a StrategyCatalog name (docs/baselines.md); "gpo" is GPO as configured by the other settings.</summary>
    public string Method { get; init; } = "gpo";

    /// <summary>Overrides the spec §1 step rule (3 epochs × round-half-up(|train|/8)) when set.</summary>
    public int? Steps { get; init; }

    public int Candidates { get; init; } = 8;
    public string Schedule { get; init; } = "cosine";
    public int InitialBudget { get; init; } = 50;
    public int MinimumBudget { get; init; } = 10;
    public int WarmupSteps { get; init; }
    public bool EnforceBudget { get; init; }
    public string Retrieval { get; init; } = "relevance";
    public int DirectionSize { get; init; } = 3;

    /// <summary>"code" (current first, then descending similarity) or "paper" (ascending), spec §2.3.</summary>
    public string DirectionOrder { get; init; } = "code";
    public string PromptPosition { get; init; } = "Q_end";
    public string Refinement { get; init; } = "generate";
    public int FormatExamples { get; init; } = 3;

    /// <summary>Ask the task model a second, format-forcing turn (spec §5.3; chat models).</summary>
    public bool TwoRoundExtraction { get; init; } = true;

    /// <summary>
    /// Show scores as round(100·acc, 2) (spec §2.3 deliberate fix); false shows the code's raw 0–1 value. Null (the
    /// default) follows the profile: percent in production, raw in paper (docs/profiles.md point 2).
    /// </summary>
    public bool? ScoresAsPercent { get; init; }

    /// <summary>"production" (the default) or "paper": how faithfully the run follows the official code (docs/profiles.md).</summary>
    public string? Profile { get; init; }
    public int BatchSize { get; init; } = 8;
    public int Seed { get; init; }

    /// <summary>Optional limit on dev/test examples (small demo runs); null uses whole splits.</summary>
    public int? MaxDevExamples { get; init; }
    public int? MaxTestExamples { get; init; }

    /// <summary>
    /// The models the run is meant for, recorded with the run for reports. The workers call the models of
    /// their own configuration (Llm:Task:Model, Llm:Optimizer:Model); a mismatch is reported, not hidden.
    /// </summary>
    public string? TaskModel { get; init; }
    public string? OptimizerModel { get; init; }

    /// <summary>Base URLs, model names, sampling and prices of every role (never keys); `gpo resume` uses exactly these.</summary>
    public RunModels? Models { get; init; }

    public double? MaxCost { get; init; }
    public long? MaxCalls { get; init; }
    public long? MaxTokens { get; init; }
}
