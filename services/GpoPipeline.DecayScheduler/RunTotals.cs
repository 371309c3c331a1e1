using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>A run's model usage summed over its (step, role) counters.</summary>
public sealed record RunTotals(long Calls, long CacheHits, long MemoHits, long InputTokens, long OutputTokens, double Cost)
{
    public static RunTotals From(IReadOnlyCollection<UsageRecord> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new RunTotals(
            usage.Sum(u => u.Calls), usage.Sum(u => u.CacheHits), usage.Sum(u => u.MemoHits), usage.Sum(u => u.InputTokens),
            usage.Sum(u => u.OutputTokens), usage.Sum(u => u.Cost));
    }
}
