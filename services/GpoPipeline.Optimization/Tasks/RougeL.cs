using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// ROUGE-L F1 for generation tasks (spec §5.2 [C]; metrics.py calc_rouge): the longest common subsequence
/// over lower-cased word tokens (runs of letters and digits), F1 = 2PR/(P+R), averaged over the references
/// (mean, not max). Simplification: the Python `rouge` package's summary-level variant splits on "." first;
/// this is the plain sentence-level LCS. An empty reply scores 0 instead of raising.
/// </summary>
public static partial class RougeL
{
    public static double F1(string prediction, string reference)
    {
        var p = Tokens(prediction);
        var r = Tokens(reference);
        if (p.Length == 0 || r.Length == 0)
        {
            return 0;
        }

        var lcs = LongestCommonSubsequence(p, r);
        if (lcs == 0)
        {
            return 0;
        }

        double precision = (double)lcs / p.Length, recall = (double)lcs / r.Length;
        return 2 * precision * recall / (precision + recall);
    }

    public static double MeanF1(string prediction, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        return references.Count == 0 ? 0 : references.Average(r => F1(prediction, r));
    }

    public static string[] Tokens(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToArray();

    private static int LongestCommonSubsequence(string[] a, string[] b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        foreach (var x in a)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = x == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
