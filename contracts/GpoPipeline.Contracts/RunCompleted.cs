namespace GpoPipeline.Contracts;

/// <summary>Event: a run finished; <see cref="Status"/> says whether it ran to the end or stopped early.</summary>
public sealed record RunCompleted
{
    public required Guid RunId { get; init; }
    public required string Status { get; init; }
    public required string BestPrompt { get; init; }
    public required double BestDevScore { get; init; }
    public double? BestTestScore { get; init; }
    public double? InitialTestScore { get; init; }
    public double Cost { get; init; }
}
