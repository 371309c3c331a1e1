namespace GpoPipeline.Llm;

/// <summary>Predicted spend of a run, split by role. Output tokens are upper bounds (every reply at its max).</summary>
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
    public long Calls => TaskCalls + OptimizerCalls;

    public long Tokens => TaskInputTokens + TaskOutputTokens + OptimizerInputTokens + OptimizerOutputTokens;

    public double Cost => TaskCost + OptimizerCost;
}
