namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>Levenshtein distance over whitespace-separated words: how many words an edit changed.</summary>
public static class WordEditDistance
{
    public static int Between(string a, string b)
    {
        var x = a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var y = b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var previous = Enumerable.Range(0, y.Length + 1).ToArray();
        var row = new int[y.Length + 1];
        for (var i = 1; i <= x.Length; i++)
        {
            row[0] = i;
            for (var j = 1; j <= y.Length; j++)
            {
                var substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                row[j] = Math.Min(substitution, Math.Min(previous[j], row[j - 1]) + 1);
            }

            (previous, row) = (row, previous);
        }

        return previous[y.Length];
    }
}
