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

    /// <summary>
    /// The second, format-forcing turn may be asked (spec §5.3): the upper bound assumes it for every example. False
    /// when the run never asks it (the paper profile with a task model other than Llama-2 chat, issue 15 point 5).
    /// </summary>
    public bool TwoRoundExtraction { get; init; } = true;

    /// <summary>
    /// Share of examples the expected figure gives a second round. The production profile asks it only when the first
    /// answer states none in the expected form (issue 15 point 5): 0 assumes answers that do (every answer of the
    /// simulator, a test instrument); the paper profile with a Llama-2 chat task model asks it always (1).
    /// </summary>
    public double ExpectedSecondRoundShare { get; init; }

    /// <summary>Prompt length the upper bound assumes (a prompt near the 50-word initial budget).</summary>
    public int AveragePromptChars { get; init; } = 200;

    /// <summary>
    /// Prompt length the expected figure assumes: the mean of the prompts scored in 3-step runs of four shipped BBH
    /// tasks (simulator; the 25-character initial prompt and candidates edited within the cosine budget) was ~130.
    /// </summary>
    public int ExpectedPromptChars { get; init; } = 130;

    /// <summary>Trajectory entries shown in the meta-prompt (spec §4: k = 3).</summary>
    public int DirectionSize { get; init; } = 3;

    /// <summary>Task examples shown in the meta-prompt (spec §4: 3).</summary>
    public int FormatExamples { get; init; } = 3;

    /// <summary>
    /// Prompts evaluated on the test split at the end: the initial and the best one (production); the paper profile
    /// scores every selected prompt, at most 1 + steps.
    /// </summary>
    public int TestEvaluatedPrompts { get; init; } = 2;

    /// <summary>Spec §4: 256 new tokens in round 1, 100 in round 2, 512 for the optimizer.</summary>
    public int TaskMaxOutputTokens { get; init; } = 256;

    public int SecondRoundMaxOutputTokens { get; init; } = 100;

    public int OptimizerMaxOutputTokens { get; init; } = 512;

    /// <summary>Mean tokens of the dataset's targets (the answer the second, format-forcing round returns).</summary>
    public double AverageTargetTokens { get; init; } = 2;

    /// <summary>
    /// Expected tokens of a first-round answer. Null: a one-sentence answer (<see cref="SpendEstimator.SentenceTokens"/>
    /// plus the target). Chain-of-thought models write far more; the upper bound assumes every answer at its max.
    /// </summary>
    public int? ExpectedAnswerTokens { get; init; }

    /// <summary>
    /// Share of generated candidates that get scored: the rest fail the edit-budget or format screen or repeat a
    /// prompt already scored (spec §1 step 6). 0.67–0.83 on navigate, movie_recommendation and object_counting
    /// (simulator, 3 steps × 4 candidates); the upper bound takes 1.
    /// </summary>
    public double ScoredCandidateShare { get; init; } = 0.8;

    /// <summary>Whether an embedding model is configured (relevance retrieval embeds the trajectory every step).</summary>
    public bool UsesEmbeddings { get; init; }

    public ModelPrice TaskPrice { get; init; } = ModelPrice.Free;

    public ModelPrice OptimizerPrice { get; init; } = ModelPrice.Free;
}
