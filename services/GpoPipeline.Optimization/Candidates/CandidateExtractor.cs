namespace GpoPipeline.Optimization.Candidates;

/// <summary>Takes the text between &lt;START&gt; and &lt;END&gt; and cleans it (spec §1.3.5). Never throws.</summary>
public static class CandidateExtractor
{
    private const string Start = "<START>";
    private const string End = "<END>";

    /// <param name="exactClean">Clean exactly as the code's polish_sentence (see <see cref="CleanLikeTheCode"/>).</param>
    public static Extraction Extract(string? reply, bool tagFallback = false, bool exactClean = false)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return Extraction.Rejected("empty reply");
        }

        var start = reply.IndexOf(Start, StringComparison.Ordinal);
        var from = start < 0 ? 0 : start + Start.Length;
        var end = reply.IndexOf(End, from, StringComparison.Ordinal);
        if (!tagFallback && (start < 0 || end < 0))
        {
            return Extraction.Rejected($"no {(start < 0 ? Start : End)} tag in the reply");
        }

        var text = reply[from..(end < 0 ? reply.Length : end)];
        var prompt = exactClean ? CleanLikeTheCode(text) : Clean(text);
        return prompt.Length == 0 ? Extraction.Rejected("empty prompt between the tags") : Extraction.Found(prompt);
    }

    /// <summary>
    /// eval_utils.py polish_sentence (lines 55-59) to the letter: strip, delete "**" without stripping again, and
    /// capitalise the first character only when the text is longer than one character.
    /// </summary>
    public static string CleanLikeTheCode(string text)
    {
        var s = text.Trim();
        if (s.Length == 0)
        {
            return s;
        }

        s = s.Replace("**", string.Empty, StringComparison.Ordinal);
        return s.Length > 1 ? char.ToUpperInvariant(s[0]) + s[1..] : s;
    }

    /// <summary>Strip, delete "**", capitalise the first letter (eval_utils polish_sentence, tidied).</summary>
    public static string Clean(string text)
    {
        var s = text.Trim().Replace("**", string.Empty, StringComparison.Ordinal).Trim();
        return s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
    }
}
