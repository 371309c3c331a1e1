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
/// </summary>
public static class WordDiff
{
    public static IReadOnlyList<DiffSegment> Between(string from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var a = from.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var b = to.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var common = new int[a.Length + 1, b.Length + 1]; // common[i, j]: LCS length of a[i..] and b[j..]
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var segments = new List<DiffSegment>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                Append(segments, DiffSegment.Same, a[x++]);
                y++;
            }
            else if (y == b.Length || (x < a.Length && common[x + 1, y] >= common[x, y + 1]))
            {
                Append(segments, DiffSegment.Removed, a[x++]);
            }
            else
            {
                Append(segments, DiffSegment.Added, b[y++]);
            }
        }

        return segments;
    }

    private static void Append(List<DiffSegment> segments, string kind, string word)
    {
        if (segments.Count > 0 && segments[^1].Kind == kind)
        {
            segments[^1] = segments[^1] with { Text = segments[^1].Text + " " + word };
        }
        else
        {
            segments.Add(new DiffSegment(kind, word));
        }
    }
}
