namespace GpoPipeline.Llm;

/// <summary>
/// A run's spend so far. <see cref="Calls"/> counts paid calls (failed ones too: they reached the endpoint);
/// <see cref="Attempts"/> the HTTP requests behind them, retries included; hits are counted apart.
/// </summary>
public sealed record UsageTotals(long Calls, long CacheHits, long InputTokens, long OutputTokens, double Cost, long EstimatedCalls, long Attempts = 0)
{
    public static UsageTotals Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public long TotalTokens => InputTokens + OutputTokens;

    public UsageTotals Add(CallUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return usage.CacheHit
            ? this with { CacheHits = CacheHits + 1 }
            : new(Calls + 1, CacheHits, InputTokens + usage.InputTokens, OutputTokens + usage.OutputTokens,
                Cost + usage.Cost, EstimatedCalls + (usage.Estimated ? 1 : 0), Attempts + usage.Attempts);
    }
}
