namespace GpoPipeline.Trajectories;

/// <summary>
/// Sums of usage counters that stop at <see cref="long.MaxValue"/> (or <see cref="long.MinValue"/>) instead of wrapping
/// or throwing: a counter is summed where budgets are checked and memo entries are read, so one huge stored number
/// (forged usage recorded before the reply checks bounded it) must neither turn a run's spend negative, which would
/// lift its MaxCalls or MaxTokens, nor throw an <see cref="OverflowException"/> that fails every run reading it.
/// </summary>
public static class SaturatingCount
{
    public static long Add(long left, long right)
    {
        var sum = unchecked(left + right);
        // Overflow exactly when both operands have one sign and the sum the other.
        return ((left ^ sum) & (right ^ sum)) < 0 ? (left < 0 ? long.MinValue : long.MaxValue) : sum;
    }

    public static long Sum(IEnumerable<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        long sum = 0;
        foreach (var count in counts)
        {
            sum = Add(sum, count);
        }

        return sum;
    }

    public static long Sum<T>(IEnumerable<T> items, Func<T, long> count)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(count);
        return Sum(items.Select(count));
    }
}
