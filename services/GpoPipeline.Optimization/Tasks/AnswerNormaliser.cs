using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// The OPRO-derived answer normaliser of the code (metrics.py get_normalized_prediction; spec §5.3 steps 1-6).
/// Quirks kept on purpose: the primary cues are looked for case-sensitively in the raw reply, and
/// numbers are rounded half-to-even like Python's round().
/// </summary>
public static partial class AnswerNormaliser
{
    private static readonly string[] Primary = ["answer is ", "answer: ", "answer is: "];
    private static readonly string[] Secondary = ["is: ", "are: "];
    private static readonly string[] Ahead = [" is the correct answer", " is the right answer", " is the final answer", " is the answer"];

    /// <summary>Whether the reply states its answer with one of the cues the normaliser cuts at ("answer is ", "####", …).</summary>
    public static bool HasAnswerCue(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var lower = reply.ToLowerInvariant();
        return Primary.Prepend("#### ").Concat(Ahead).Any(c => lower.Contains(c, StringComparison.Ordinal));
    }

    public static string Normalise(string reply, TaskKind kind)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var parsed = reply.ToLowerInvariant().Trim();
        var behind = Primary.Any(p => reply.Contains(p, StringComparison.Ordinal)) ? Primary : Secondary;
        var cued = false;
        foreach (var cue in behind.Prepend("#### "))
        {
            var at = parsed.LastIndexOf(cue, StringComparison.Ordinal);
            if (at >= 0)
            {
                parsed = parsed[(at + cue.Length)..]; // keep what follows the last cue
                cued = true;
            }
        }

        foreach (var cue in Ahead)
        {
            var at = parsed.IndexOf(cue, StringComparison.Ordinal);
            if (at >= 0)
            {
                parsed = parsed[..at]; // keep what precedes "... is the answer"
                cued = true;
            }
        }

        return kind switch
        {
            TaskKind.MultipleChoice => BracketedChoice().Match(parsed) is { Success: true } m ? m.Value : parsed,
            TaskKind.Numeric => NumberExtraction.Extract(parsed, cued),
            TaskKind.Boolean => Punctuation.Remove(parsed).Trim(),
            _ => parsed,
        };
    }

    [GeneratedRegex(@"\([a-z]\)")]
    private static partial Regex BracketedChoice();
}
