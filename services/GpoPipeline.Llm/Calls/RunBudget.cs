namespace GpoPipeline.Llm;

/// <summary>A run's spending limits (RunSettings.MaxCalls/MaxTokens/MaxCost); null parts are unlimited.</summary>
public sealed record RunBudget(long? MaxCalls = null, long? MaxTokens = null, double? MaxCost = null)
{
    public bool HasLimits => MaxCalls is not null || MaxTokens is not null || MaxCost is not null;
}
