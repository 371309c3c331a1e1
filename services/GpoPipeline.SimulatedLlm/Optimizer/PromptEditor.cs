using System.Text.RegularExpressions;
using GpoPipeline.Optimization.Candidates;
using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>
/// Writes one candidate prompt: starts from the best-scored or current prompt, applies 1-3 random edits (1-6 when the
/// meta-prompt sets no word budget)
/// (add, drop or replace a sentence, swap a word, borrow a sentence from another shown prompt) and keeps the
/// word edit distance to the current prompt within the budget — or deliberately beyond it when asked to.
/// Without a budget, a share <paramref name="unboundedRewriteRate"/> of replies are rewrites instead
/// (<see cref="SimulatorOptions.UnboundedRewriteRate"/>).
/// </summary>
public sealed partial class PromptEditor(MetaPrompt meta, SeededRandom random, double unboundedRewriteRate)
{
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["think"] = "reason", ["carefully"] = "thoroughly", ["check"] = "confirm", ["question"] = "problem",
        ["answer"] = "response", ["each"] = "every", ["Let's"] = "Let us", ["step"] = "stage", ["the"] = "the given",
    };

    private readonly IReadOnlyList<string> taskSentences = PhrasePool.ForTask(meta.Task);

    public string Write(bool overBudget)
    {
        // GPO bounds the edit because an optimizer left without a word limit rewrites a lot (spec §1: the limit is the
        // "learning rate"; §3.2 "No control" leaves the line out, Table 3 / spec §6.4). A budgeted meta-prompt never
        // draws here, so its replies are the same draws as before this option existed.
        if (meta.Budget is null && random.Chance(unboundedRewriteRate))
        {
            return Rewrite();
        }

        var budget = meta.Budget ?? 50;
        var best = meta.Shown.MaxBy(p => p.Score)?.Prompt ?? meta.Current;
        var start = random.Chance(0.5) && (overBudget || Distance(best) <= budget) ? best : meta.Current;
        var sentences = Sentences(start);
        // Left without a word limit, a model rewrites more (the reason for GPO's budget, spec §3): up to 6 edits, not 3.
        var edits = 1 + random.Next(meta.Budget is null ? 6 : 3);
        for (var i = 0; i < edits; i++)
        {
            var edited = Edit(sentences);
            if (overBudget || Distance(edited) <= budget)
            {
                sentences = edited;
            }
        }

        for (var guard = 0; overBudget && Distance(sentences) <= budget && guard < 100; guard++)
        {
            sentences = Insert(sentences, PickSentence());
        }

        if (Join(sentences) == meta.Current)
        {
            var letUs = sentences.Select(s => s.Replace("Let's", "Let us", StringComparison.Ordinal)).ToList();
            sentences = Distance(Insert(sentences, "Think step by step.")) <= budget
                ? Insert(sentences, random.Pick(taskSentences.Count > 0 ? taskSentences : PhrasePool.Helpful))
                : letUs;
            // A task sentence can be longer than the 4 words checked above (up to 12): keep within the budget
            // unless asked not to. No draw follows, so replies that fitted are the same as before this check.
            sentences = !overBudget && Distance(sentences) > budget ? letUs : sentences;
        }

        return Join(sentences);
    }

    /// <summary>A new prompt: at most one sentence of the start prompt kept, 3-5 sentences composed from the pools.</summary>
    private string Rewrite()
    {
        var best = meta.Shown.MaxBy(p => p.Score)?.Prompt ?? meta.Current;
        var start = Sentences(random.Chance(0.5) ? best : meta.Current);
        List<string> sentences = start.Count > 0 && random.Chance(0.5) ? [random.Pick(start)] : [];
        var wanted = sentences.Count + 3 + random.Next(3);
        for (var guard = 0; sentences.Count < wanted && guard < 100; guard++)
        {
            sentences = Insert(sentences, PickSentence());
        }

        return Join(sentences) == meta.Current ? Join(Insert(sentences, random.Pick(PhrasePool.Helpful))) : Join(sentences);
    }

    private List<string> Edit(List<string> sentences) => random.Next(5) switch
    {
        0 when sentences.Count > 1 => Without(sentences, random.Next(sentences.Count)),
        1 => ReplaceWord(sentences),
        2 when meta.Shown.Count > 1 => Insert(sentences, random.Pick(Sentences(random.Pick(meta.Shown).Prompt))),
        3 when sentences.Count > 0 => [.. sentences.Select((s, i) => i == sentences.Count - 1 ? PickSentence() : s)],
        _ => Insert(sentences, PickSentence()),
    };

    private static List<string> Without(List<string> sentences, int index) => [.. sentences.Where((_, i) => i != index)];

    private string PickSentence()
    {
        var draw = random.NextDouble();
        return draw switch
        {
            < 0.30 when taskSentences.Count > 0 => random.Pick(taskSentences),
            < 0.60 => random.Pick(PhrasePool.Helpful),
            < 0.85 => random.Pick(PhrasePool.Harmful),
            _ => random.Pick(PhrasePool.Neutral),
        };
    }

    private List<string> Insert(List<string> sentences, string sentence)
    {
        if (sentences.Contains(sentence))
        {
            return sentences;
        }

        var copy = new List<string>(sentences);
        copy.Insert(random.Chance(0.6) ? copy.Count : random.Next(copy.Count + 1), sentence);
        return copy;
    }

    private List<string> ReplaceWord(List<string> sentences)
    {
        var copy = new List<string>(sentences);
        var candidates = copy.SelectMany((s, i) => s.Split(' ').Where(Synonyms.ContainsKey).Select(w => (i, w))).ToList();
        if (candidates.Count == 0)
        {
            return Insert(copy, PickSentence());
        }

        var (index, word) = random.Pick(candidates);
        var words = copy[index].Split(' ');
        var at = Array.IndexOf(words, word);
        words[at] = Synonyms[word];
        copy[index] = string.Join(' ', words);
        return copy;
    }

    private int Distance(List<string> sentences) => Distance(Join(sentences));

    private int Distance(string prompt) => WordEditDistance.Between(prompt, meta.Current);

    private static List<string> Sentences(string prompt) =>
        [.. SentenceEnd().Split(prompt.Trim()).Where(s => s.Length > 0)];

    private static string Join(List<string> sentences) => string.Join(' ', sentences);

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
