namespace GpoPipeline.Llm;

/// <summary>
/// One limit a run would be given (--max-calls, --max-tokens, --max-cost) against its estimate: whether the expected
/// spend passes it (the run stops early, when the limit is reached) and whether the upper bound does (it may).
/// </summary>
public sealed record SpendLimitCheck(string Option, double Limit, double Expected, double UpperBound)
{
    public bool ExpectedOver => Expected > Limit;

    public bool UpperBoundOver => UpperBound > Limit;

    /// <summary>The checks of the limits given (none given: none), in the order calls, tokens, cost.</summary>
    public static IReadOnlyList<SpendLimitCheck> Of(long? maxCalls, long? maxTokens, double? maxCost, SpendEstimate expected, SpendEstimate upperBound)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(upperBound);
        var checks = new List<SpendLimitCheck>();
        if (maxCalls is { } calls)
        {
            checks.Add(new("--max-calls", calls, expected.Calls, upperBound.Calls));
        }

        if (maxTokens is { } tokens)
        {
            checks.Add(new("--max-tokens", tokens, expected.Tokens, upperBound.Tokens));
        }

        if (maxCost is { } cost)
        {
            checks.Add(new("--max-cost", cost, expected.Cost, upperBound.Cost));
        }

        return checks;
    }
}
