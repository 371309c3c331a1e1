namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// Every text between a start and an end tag, in order (ProTeGi's parse_tagged_text, LMOps
/// prompt_optimization/optimizers.py): an unclosed last tag is ignored.
/// </summary>
public static class TaggedText
{
    public static IReadOnlyList<string> All(string? text, string startTag = "<START>", string endTag = "<END>")
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return found;
        }

        var at = 0;
        while (true)
        {
            var start = text.IndexOf(startTag, at, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf(endTag, start, StringComparison.Ordinal);
            if (end < 0)
            {
                return found;
            }

            var from = start + startTag.Length;
            found.Add(end > from ? text[from..end].Trim() : string.Empty);
            at = end + endTag.Length;
        }
    }
}
