namespace GpoPipeline.Contracts;

/// <summary>Command: continue a cancelled, failed or interrupted run from its last completed step.</summary>
public sealed record ResumeRun
{
    public required Guid RunId { get; init; }
}
