using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>What a run has spent so far, summed from its usage records (written by the scheduler from replies).</summary>
public sealed record RunSpend(long Calls, long Tokens, double Cost)
{
    /// <summary>The spend of a run with no limit, which is not read (<see cref="IsLimited"/>): no shortfall.</summary>
    public static RunSpend Unknown { get; } = new(0, 0, 0);

    public static bool IsLimited(Contracts.RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.MaxTokens is not null || settings.MaxCost is not null || settings.MaxCalls is not null;
    }

    /// <summary>
    /// The sums saturate (<see cref="RunTotals"/>). A negative counter, or a cost that is not a number, can only be
    /// wrapped or forged data: the spend is then taken as unbounded, so the run stops for budget rather than run on unchecked.
    /// </summary>
    public static RunSpend Of(IEnumerable<UsageRecord> usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var records = usage.ToList();
        var totals = RunTotals.From(records);
        var calls = records.Any(r => r.Calls < 0) ? long.MaxValue : totals.Calls;
        var tokens = records.Any(r => r.InputTokens < 0 || r.OutputTokens < 0) ? long.MaxValue : totals.Tokens;
        var cost = records.Any(r => double.IsNaN(r.Cost) || r.Cost < 0) ? double.PositiveInfinity : totals.Cost;
        return new(calls, tokens, cost);
    }

    /// <summary>
    /// Why work needing up to <paramref name="calls"/> calls cannot be dispatched, or null when it can. Calls are
    /// reserved before dispatch, so MaxCalls is never exceeded; tokens and cost are known only afterwards, so work
    /// is dispatched while they are below their limits and a run overshoots by at most the work in flight (one step's).
    /// </summary>
    /// <param name="callsInFlight">Calls that work sent before and not yet recorded may still spend (a step's batches
    /// go out as replies are recorded, <see cref="BatchWindow"/>): counted as spent.</param>
    public string? Shortfall(Contracts.RunSettings settings, long calls, long callsInFlight = 0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MaxTokens is { } maxTokens && Tokens >= maxTokens)
        {
            return $"{Tokens} tokens used of at most {maxTokens}";
        }

        // Written so that a cost that is not a number counts as over the limit, not under it.
        if (settings.MaxCost is { } maxCost && !(Cost < maxCost))
        {
            return $"cost {Cost:0.######} reached the limit {maxCost:0.######}";
        }

        // In 128 bits: three counts of up to long.MaxValue each cannot wrap the sum below the limit.
        if (settings.MaxCalls is { } maxCalls && (Int128)Calls + callsInFlight + calls > maxCalls)
        {
            return callsInFlight == 0
                ? $"the next work needs up to {calls} calls and {Calls} of at most {maxCalls} are spent"
                : $"the next work needs up to {calls} calls, {Calls} of at most {maxCalls} are spent and work out now may spend {callsInFlight} more";
        }

        return null;
    }
}
