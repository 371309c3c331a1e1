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

    /// <summary>
    /// Calls not made because the store already held the answer: the scheduler sends no example it has an answer for
    /// (same model settings, prompt and example: a repeated or resumed run, a candidate scored before). Not in
    /// <see cref="Calls"/> or <see cref="CacheHits"/>, which count what went through a model client.
    /// </summary>
    public long MemoHits { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public double Cost { get; set; }
}
