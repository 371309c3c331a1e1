using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Direction;

/// <summary>
/// Offline fallback for relevance retrieval when no embedding endpoint is configured (DESIGN §4):
/// TF-IDF cosine over lower-cased words, deterministic. It is NOT the BGE similarity of spec §2.2.
/// IDF is computed over the given corpus (query + documents) with smoothing, idf = ln((1+N)/(1+df)) + 1,
/// so a word present in every prompt still counts a little instead of vanishing.
/// </summary>
public static partial class LexicalSimilarity
{
    /// <summary>Similarity of <paramref name="query"/> to each document, in document order.</summary>
    public static double[] Scores(string query, IReadOnlyList<string> documents)
    {
        var bags = new List<Dictionary<string, int>>(documents.Count + 1) { Bag(query) };
        bags.AddRange(documents.Select(Bag));
        var idf = InverseDocumentFrequency(bags);
        var q = Weights(bags[0], idf);
        var scores = new double[documents.Count];
        for (var i = 0; i < documents.Count; i++)
        {
            scores[i] = Cosine(q, Weights(bags[i + 1], idf));
        }

        return scores;
    }

    public static IEnumerable<string> Words(string text) =>
        Word().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    private static Dictionary<string, int> Bag(string text) =>
        Words(text).GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static Dictionary<string, double> InverseDocumentFrequency(List<Dictionary<string, int>> bags)
    {
        var df = bags.SelectMany(b => b.Keys).GroupBy(w => w, StringComparer.Ordinal);
        return df.ToDictionary(g => g.Key, g => Math.Log((1.0 + bags.Count) / (1.0 + g.Count())) + 1.0, StringComparer.Ordinal);
    }

    private static Dictionary<string, double> Weights(Dictionary<string, int> bag, Dictionary<string, double> idf) =>
        bag.ToDictionary(kv => kv.Key, kv => kv.Value * idf[kv.Key], StringComparer.Ordinal);

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        double dot = a.Sum(kv => b.TryGetValue(kv.Key, out var w) ? kv.Value * w : 0);
        double na = Math.Sqrt(a.Values.Sum(v => v * v)), nb = Math.Sqrt(b.Values.Sum(v => v * v));
        return na == 0 || nb == 0 ? 0 : dot / (na * nb);
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex Word();
}
