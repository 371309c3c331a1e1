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

    /// <summary>Paid model calls of the run (all roles).</summary>
    public long Calls { get; init; }

    /// <summary>Calls a model client answered from its response cache.</summary>
    public long CacheHits { get; init; }

    /// <summary>Calls not made because the store already held the answer (the scheduler's memo).</summary>
    public long MemoHits { get; init; }
}
