namespace GpoPipeline.Llm;

/// <summary>One accounted model call (a cache hit is recorded with zero tokens and cost).</summary>
public sealed record UsageRecord(
    Guid RunId,
    int Step,
    ModelRole Role,
    string Model,
    string Purpose,
    CallUsage Usage,
    DateTimeOffset At);
