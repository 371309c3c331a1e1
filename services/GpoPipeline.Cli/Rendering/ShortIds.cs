namespace GpoPipeline.Cli.Rendering;

/// <summary>
/// Run ids as `gpo runs` prints them: the shortest prefix of at least 8 characters that names one run of the store.
/// `gpo show/cancel/resume/report` resolve a prefix against every run the store holds
/// (<see cref="Commands.StoreCommands.FindAsync"/>), so a prefix that only told the listed runs apart (a `--limit`
/// leaves older runs out) could name two runs and be refused as ambiguous.
/// </summary>
public static class ShortIds
{
    public const int Minimum = 8;

    /// <summary>The length that tells <paramref name="ids"/> apart from each other.</summary>
    public static int UniqueLength(IEnumerable<Guid> ids)
    {
        var list = ids.ToList();
        return UniqueLength(list, list);
    }

    /// <summary>The length at which each of <paramref name="shown"/> starts no other id of <paramref name="among"/>.</summary>
    public static int UniqueLength(IEnumerable<Guid> shown, IEnumerable<Guid> among)
    {
        // Sorted, an id's longest prefix shared with any other is the one shared with a neighbour.
        var sorted = among.Concat(shown).Select(id => id.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var length = Minimum;
        foreach (var id in shown.Select(id => id.ToString()))
        {
            var at = sorted.BinarySearch(id, StringComparer.Ordinal);
            foreach (var neighbour in new[] { at - 1, at + 1 }.Where(i => i >= 0 && i < sorted.Count))
            {
                length = Math.Max(length, CommonPrefix(id, sorted[neighbour]) + 1);
            }
        }

        return Math.Min(length, 36);
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }
}
