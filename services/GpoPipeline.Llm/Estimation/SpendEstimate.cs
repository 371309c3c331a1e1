namespace GpoPipeline.Llm;

/// <summary>
/// Predicted spend of a run, split by role: either the expected figure (<see cref="SpendEstimator.Expect"/>) or the
/// upper bound (<see cref="SpendEstimator.Estimate"/>: every candidate scored, every reply at its max length).
/// </summary>
public sealed record SpendEstimate(
    long TaskCalls,
    long TaskInputTokens,
    long TaskOutputTokens,
    double TaskCost,
    long OptimizerCalls,
    long OptimizerInputTokens,
    long OptimizerOutputTokens,
    double OptimizerCost)
{
    /// <summary>Embedding requests (one per trajectory prompt per step, cache hits included) and the texts they embed; unpriced here.</summary>
    public long EmbeddingCalls { get; init; }

    public long EmbeddedTexts { get; init; }

    public long Calls => TaskCalls + OptimizerCalls;

    public long Tokens => TaskInputTokens + TaskOutputTokens + OptimizerInputTokens + OptimizerOutputTokens;

    public double Cost => TaskCost + OptimizerCost;
}
