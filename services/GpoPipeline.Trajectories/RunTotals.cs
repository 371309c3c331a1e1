namespace GpoPipeline.Trajectories;

/// <summary>
/// A run's model usage summed over its (step, role) counters: the one place the counters are added up, for every
/// place that shows or checks a run's spend (the summary, the API, the report, the budget, the run's span and log).
/// </summary>
public sealed record RunTotals(long Calls, long CacheHits, long MemoHits, long InputTokens, long OutputTokens, double Cost)
{
    public long Tokens => InputTokens + OutputTokens;

    public static RunTotals From(IEnumerable<UsageRecord> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        long calls = 0, cacheHits = 0, memoHits = 0, inputTokens = 0, outputTokens = 0;
        var cost = 0.0;
        foreach (var record in usage)
        {
            calls += record.Calls;
            cacheHits += record.CacheHits;
            memoHits += record.MemoHits;
            inputTokens += record.InputTokens;
            outputTokens += record.OutputTokens;
            cost += record.Cost;
        }

        return new RunTotals(calls, cacheHits, memoHits, inputTokens, outputTokens, cost);
    }
}
