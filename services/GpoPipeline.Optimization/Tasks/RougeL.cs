namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// ROUGE-L F1 as the official code computes it for WebNLG (metrics.py calc_rouge, lines 51-59): the `rouge`
/// package 1.0.1 (pltrdy/rouge), whose "rouge-l" is the summary-level union LCS with exclusive=True:
/// <list type="bullet">
/// <item>each text is split into sentences on "." (empty pieces dropped), whitespace runs in a sentence become one
/// space, and words are what lies between single spaces — case-sensitive, punctuation other than "." kept
/// (rouge.py lines 115-116; rouge_score.py line 106);</item>
/// <item>m and n are the numbers of distinct words of the reference and of the prediction (lines 374-383);</item>
/// <item>for every reference sentence and every prediction sentence the LCS is reconstructed (lines 164-191, ties
/// broken as there) and its words join one set across all reference sentences; its size is the LCS length (lines
/// 386-395);</item>
/// <item>F = 2·P·R / (P + R + 1e-8) with P = lcs/n, R = lcs/m (lines 396-399).</item>
/// </list>
/// The package raises on an empty prediction or reference ("Collections must contain at least 1 sentence."); here
/// such a pair scores 0. References are averaged (mean, not max), as calc_rouge does.
/// </summary>
public static class RougeL
{
    public static double F1(string prediction, string reference)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(reference);
        var hypothesis = Sentences(prediction);
        var references = Sentences(reference);
        if (hypothesis.Count == 0 || references.Count == 0)
        {
            return 0;
        }

        var m = references.SelectMany(Words).Distinct(StringComparer.Ordinal).Count();
        var n = hypothesis.SelectMany(Words).Distinct(StringComparer.Ordinal).Count();
        var union = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in references)
        {
            var referenceWords = Words(r);
            foreach (var h in hypothesis)
            {
                union.UnionWith(LongestCommonSubsequence(referenceWords, Words(h)));
            }
        }

        double lcs = union.Count, recall = lcs / m, precision = lcs / n;
        return 2.0 * (precision * recall / (precision + recall + 1e-8));
    }

    public static double MeanF1(string prediction, IReadOnlyList<string> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        return references.Count == 0 ? 0 : references.Average(r => F1(prediction, r));
    }

    /// <summary>rouge.py line 115: <c>[" ".join(_.split()) for _ in text.split(".") if len(_) > 0]</c>.</summary>
    public static IReadOnlyList<string> Sentences(string text) =>
        [.. text.Split('.').Where(s => s.Length > 0).Select(s => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))];

    // rouge_score.py line 106: str.split(" "), so a sentence of only spaces is one empty word, as in Python.
    private static string[] Words(string sentence) => sentence.Split(' ');

    // rouge_score.py _lcs and _recon_lcs (lines 137-191): x is the reference sentence, y the predicted one.
    private static List<string> LongestCommonSubsequence(string[] x, string[] y)
    {
        var table = new int[x.Length + 1, y.Length + 1];
        for (var i = 1; i <= x.Length; i++)
        {
            for (var j = 1; j <= y.Length; j++)
            {
                table[i, j] = x[i - 1] == y[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }

        var words = new List<string>();
        for (int i = x.Length, j = y.Length; i > 0 && j > 0;)
        {
            if (x[i - 1] == y[j - 1])
            {
                words.Add(x[i - 1]);
                i--;
                j--;
            }
            else if (table[i - 1, j] > table[i, j - 1])
            {
                i--;
            }
            else
            {
                j--;
            }
        }

        return words;
    }
}
