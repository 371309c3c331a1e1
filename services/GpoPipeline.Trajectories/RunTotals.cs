namespace GpoPipeline.Trajectories;

/// <summary>
/// A run's model usage summed over its (step, role) counters: the one place the counters are added up, for every
/// place that shows or checks a run's spend (the summary, the API, the report, the budget, the run's span and log).
/// The counts saturate at <see cref="long.MaxValue"/> (<see cref="SaturatingCount"/>): a huge stored number never wraps
/// a run's spend negative.
/// </summary>
public sealed record RunTotals(long Calls, long CacheHits, long MemoHits, long InputTokens, long OutputTokens, double Cost)
{
    public long Tokens => SaturatingCount.Add(InputTokens, OutputTokens);

    public static RunTotals From(IEnumerable<UsageRecord> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        long calls = 0, cacheHits = 0, memoHits = 0, inputTokens = 0, outputTokens = 0;
        var cost = 0.0;
        foreach (var record in usage)
        {
            calls = SaturatingCount.Add(calls, record.Calls);
            cacheHits = SaturatingCount.Add(cacheHits, record.CacheHits);
            memoHits = SaturatingCount.Add(memoHits, record.MemoHits);
            inputTokens = SaturatingCount.Add(inputTokens, record.InputTokens);
            outputTokens = SaturatingCount.Add(outputTokens, record.OutputTokens);
            cost += record.Cost;
        }

        return new RunTotals(calls, cacheHits, memoHits, inputTokens, outputTokens, cost);
    }
}
