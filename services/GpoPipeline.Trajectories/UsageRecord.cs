namespace GpoPipeline.Trajectories;

/// <summary>Model usage counters of one (run, step, role); also used as a delta for <see cref="IRunStore.AddUsageAsync"/>.</summary>
public sealed class UsageRecord
{
    public Guid RunId { get; set; }
    public int Step { get; set; }

    /// <summary>"task", "optimizer" or "embedding".</summary>
    public string Role { get; set; } = "";
    public long Calls { get; set; }

    /// <summary>HTTP requests behind <see cref="Calls"/>, retries included (0 where a worker did not report them).</summary>
    public long Attempts { get; set; }
    public long CacheHits { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public double Cost { get; set; }
}
