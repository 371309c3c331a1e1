namespace GpoPipeline.Llm;

/// <summary>What a run will do, for <see cref="SpendEstimator"/>. Defaults follow the GPO spec §4.</summary>
public sealed record SpendEstimateInput
{
    public required int Steps { get; init; }

    public required int DevSize { get; init; }

    public required int TestSize { get; init; }

    /// <summary>Mean characters of one example's question as sent to the task model.</summary>
    public required int AverageExampleChars { get; init; }

    public int Candidates { get; init; } = 8;

    /// <summary>Chat task models answer twice: free answer, then a format-forcing turn (spec §5.3).</summary>
    public bool TwoRoundExtraction { get; init; } = true;

    public int AveragePromptChars { get; init; } = 200;

    /// <summary>Trajectory entries shown in the meta-prompt (spec §4: k = 3).</summary>
    public int DirectionSize { get; init; } = 3;

    /// <summary>Task examples shown in the meta-prompt (spec §4: 3).</summary>
    public int FormatExamples { get; init; } = 3;

    /// <summary>Prompts evaluated on the test split at the end: the initial and the best one.</summary>
    public int TestEvaluatedPrompts { get; init; } = 2;

    /// <summary>Spec §4: 256 new tokens in round 1, 100 in round 2, 512 for the optimizer.</summary>
    public int TaskMaxOutputTokens { get; init; } = 256;

    public int SecondRoundMaxOutputTokens { get; init; } = 100;

    public int OptimizerMaxOutputTokens { get; init; } = 512;

    public ModelPrice TaskPrice { get; init; } = ModelPrice.Free;

    public ModelPrice OptimizerPrice { get; init; } = ModelPrice.Free;
}
