namespace GpoPipeline.Contracts;

/// <summary>Command: continue a cancelled, failed or interrupted run from its last completed step.</summary>
public sealed record ResumeRun
{
    public required Guid RunId { get; init; }

    /// <summary>New budget limits for a run that stopped on its budget; null keeps the stored ones.</summary>
    public double? MaxCost { get; init; }
    public long? MaxCalls { get; init; }
    public long? MaxTokens { get; init; }
}
