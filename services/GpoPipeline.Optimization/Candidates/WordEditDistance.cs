namespace GpoPipeline.Optimization.Candidates;

/// <summary>
/// Levenshtein distance over whitespace-separated words: how many words were inserted, deleted or
/// replaced. It measures compliance with the "change up to N words" budget (spec §3.2).
/// </summary>
public static class WordEditDistance
{
    public static int Between(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = from.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var b = to.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
