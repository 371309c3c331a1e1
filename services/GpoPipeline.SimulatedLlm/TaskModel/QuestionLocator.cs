using GpoPipeline.SimulatedLlm.Data;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>
/// Finds the known question in a first user message laid out as Q_end (<c>{q}\n{instruction}</c>), Q_begin
/// (<c>{instruction}\n{q}</c>) or A_begin (<c>Q: {q}\nA: {instruction} </c>, trailing space trimmed) (gpo-spec §5.3): exact lookups at
/// every newline first, then a substring scan; an unknown question leaves the whole text as the question.
/// </summary>
public static class QuestionLocator
{
    public static LocatedQuestion Locate(string text, GoldIndex gold)
    {
        text = text.Trim();
        if (gold.Find(text) is { } whole)
        {
            return new LocatedQuestion(whole, text, string.Empty);
        }

        if (text.StartsWith("Q: ", StringComparison.Ordinal) && text.LastIndexOf("\nA:", StringComparison.Ordinal) is var a and > 0
            && gold.Find(text[3..a].Trim()) is { } qa)
        {
            return new LocatedQuestion(qa, qa.Input, text[(a + 3)..].Trim());
        }

        for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            var (before, after) = (text[..i].Trim(), text[(i + 1)..].Trim());
            if (gold.Find(before) is { } qEnd)
            {
                return new LocatedQuestion(qEnd, before, after);
            }

            if (gold.Find(after) is { } qBegin)
            {
                return new LocatedQuestion(qBegin, after, before);
            }
        }

        // Fallback for other layouts: the longest known input contained in the text.
        var contained = gold.Examples.Where(e => text.Contains(e.Input, StringComparison.Ordinal)).MaxBy(e => e.Input.Length);
        return contained is null
            ? new LocatedQuestion(null, text, text)
            : new LocatedQuestion(contained, contained.Input, text.Replace(contained.Input, " ", StringComparison.Ordinal).Trim());
    }
}
