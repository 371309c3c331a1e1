using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// Whether a normalised reply equals the gold answer (eval_utils _get_accuracy L352-434; data/README.md
/// "Scoring in the GPO code"). Never throws on odd targets: an option-text target simply rarely matches.
/// </summary>
public static partial class AnswerMatcher
{
    public static bool IsCorrect(TaskKind kind, string normalised, string target)
    {
        ArgumentNullException.ThrowIfNull(normalised);
        ArgumentNullException.ThrowIfNull(target);
        var gold = target.ToLowerInvariant().Trim();
        var reply = normalised.ToLowerInvariant().Trim();
        return kind switch
        {
            TaskKind.DyckLanguages => Dyck(reply, gold),
            TaskKind.WordSorting => WordSorting(reply, gold),
            _ => Exact(reply, gold),
        };
    }

    // The last run of closing brackets, stripped, must equal the target exactly.
    private static bool Dyck(string reply, string gold) =>
        Closers().Matches(reply) is { Count: > 0 } m && m[^1].Value.Trim() == gold;

    // One-word lines, else space-separated tokens, else the tokens of any one line, must equal the gold words.
    private static bool WordSorting(string reply, string gold)
    {
        var words = gold.Split(' ').Select(w => w.Trim()).ToList();
        var lines = reply.Split('\n').Where(l => !l.Contains(' ', StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        if (lines.SequenceEqual(words, StringComparer.Ordinal))
        {
            return true;
        }

        var tokens = reply.Split(' ').Select(t => t.Trim()).ToList();
        return tokens.SequenceEqual(words, StringComparer.Ordinal)
            || reply.Split('\n').Any(l => l.Split(' ').SequenceEqual(words, StringComparer.Ordinal));
    }

    // "(b)" and "b" are the same option; punctuation is ignored; 0/1 and true/false stand for a boolean pair.
    private static bool Exact(string reply, string gold)
    {
        gold = Letter(gold);
        reply = Letter(reply);
        if (reply == gold || Punctuation.Remove(reply).Trim() == Punctuation.Remove(gold).Trim())
        {
            return true;
        }

        var pair = BooleanWords.PairOf(gold);
        if (pair is null)
        {
            return false;
        }

        var truth = string.Equals(gold, pair.Positive, StringComparison.OrdinalIgnoreCase) ? "true" : "false";
        var said = reply switch { "1" => "true", "0" => "false", _ => reply };
        return said == truth;
    }

    private static string Letter(string text) => BracketedLetter().IsMatch(text) ? text[1..2] : text;

    [GeneratedRegex(@"[>\)\]}]+[ >\)\]}]*")]
    private static partial Regex Closers();

    [GeneratedRegex(@"^\([a-z]\)$")]
    private static partial Regex BracketedLetter();
}
