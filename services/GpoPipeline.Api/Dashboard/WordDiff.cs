namespace GpoPipeline.Api.Dashboard;

/// <summary>One run of words a diff keeps, adds or removes.</summary>
public sealed record DiffSegment(string Kind, string Text)
{
    public const string Same = "same";
    public const string Added = "added";
    public const string Removed = "removed";
}

/// <summary>
/// Word-level diff of two prompts for the run page: a longest common subsequence over whitespace-separated words
/// (the same tokens <c>WordEditDistance</c> counts), merged into runs. Removals come before additions at a change.
/// The words both prompts start and end with are kept as they are, and the subsequence is looked for only between
/// them, in a table of at most <see cref="MaxTableCells"/>: beyond it the middle shows as removed, then added. The
/// table was every word of one prompt by every word of the other, for every step of every GET …/steps (two prompts of
/// 2,000 one-letter words: 16 MB; the API review).
/// </summary>
public static class WordDiff
{
    /// <summary>1 MB of table: a middle of 500 × 500 words, far beyond what an edit budget lets a step change.</summary>
    public const int MaxTableCells = 250_000;

    public static IReadOnlyList<DiffSegment> Between(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = from.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var b = to.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var runs = new Runs();
        runs.Add(DiffSegment.Same, a.AsSpan(0, prefix));
        var middleA = a.AsSpan(prefix, a.Length - prefix - suffix);
        var middleB = b.AsSpan(prefix, b.Length - prefix - suffix);
        if ((long)(middleA.Length + 1) * (middleB.Length + 1) > MaxTableCells)
        {
            runs.Add(DiffSegment.Removed, middleA);
            runs.Add(DiffSegment.Added, middleB);
        }
        else
        {
            Subsequence(middleA, middleB, runs);
        }

        runs.Add(DiffSegment.Same, a.AsSpan(a.Length - suffix));
        return runs.Segments();
    }

    private static void Subsequence(ReadOnlySpan<string> a, ReadOnlySpan<string> b, Runs runs)
    {
        var common = new int[a.Length + 1, b.Length + 1]; // common[i, j]: LCS length of a[i..] and b[j..]
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                runs.Add(DiffSegment.Same, a[x++]);
                y++;
            }
            else if (y == b.Length || (x < a.Length && common[x + 1, y] >= common[x, y + 1]))
            {
                runs.Add(DiffSegment.Removed, a[x++]);
            }
            else
            {
                runs.Add(DiffSegment.Added, b[y++]);
            }
        }
    }

    /// <summary>Words gathered into runs of one kind; each run's text is joined once, at the end.</summary>
    private sealed class Runs
    {
        private readonly List<(string Kind, List<string> Words)> runs = [];

        public void Add(string kind, ReadOnlySpan<string> words)
        {
            foreach (var word in words)
            {
                Add(kind, word);
            }
        }

        public void Add(string kind, string word)
        {
            if (runs.Count == 0 || runs[^1].Kind != kind)
            {
                runs.Add((kind, []));
            }

            runs[^1].Words.Add(word);
        }

        public IReadOnlyList<DiffSegment> Segments() => [.. runs.Select(r => new DiffSegment(r.Kind, string.Join(' ', r.Words)))];
    }
}
