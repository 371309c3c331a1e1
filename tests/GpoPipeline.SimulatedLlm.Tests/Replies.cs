using GpoPipeline.Optimization.Candidates;
namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>Simple readers for simulated replies (the product's real answer normaliser lives elsewhere).</summary>
public static class Replies
{
    /// <summary>The text after the last "answer is ", without the final full stop.</summary>
    public static string FinalAnswer(string reply)
    {
        const string cue = "answer is ";
        var at = reply.LastIndexOf(cue, StringComparison.OrdinalIgnoreCase);
        var tail = at < 0 ? reply : reply[(at + cue.Length)..];
        return tail.Trim().TrimEnd('.').Trim();
    }

    public static bool IsCorrect(string reply, string gold) =>
        string.Equals(FinalAnswer(reply), gold, StringComparison.OrdinalIgnoreCase);

    /// <summary>The prompt between &lt;START&gt; and &lt;END&gt;, or null when either marker is missing.</summary>
    public static string? Candidate(string reply)
    {
        var start = reply.IndexOf("<START>", StringComparison.Ordinal);
        var end = reply.IndexOf("<END>", StringComparison.Ordinal);
        return start < 0 || end < start ? null : reply[(start + "<START>".Length)..end].Trim();
    }

    public static int WordEditDistance(string a, string b)
    {
        var x = a.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var y = b.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var d = new int[x.Length + 1, y.Length + 1];
        for (var i = 0; i <= x.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= y.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= x.Length; i++)
        {
            for (var j = 1; j <= y.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1));
            }
        }

        return d[x.Length, y.Length];
    }
}
