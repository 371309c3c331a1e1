using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// Whether a first answer can be scored as it is, so the production profile skips the second, format-forcing
/// turn (issue 15 point 5): the reply is already in the answer's form ("(B)", "Yes.", "42"), or it states the
/// answer after a cue the normaliser understands ("… the answer is (B).") and what follows has that form.
/// </summary>
public static partial class AnswerPresence
{
    private const int ShortReplyWords = 3;

    public static bool Found(TaskKind kind, string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (kind == TaskKind.Generation)
        {
            return true; // scored on the raw reply (spec §5.2); there is nothing to extract
        }

        var stated = AnswerNormaliser.HasAnswerCue(reply) || reply.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length <= ShortReplyWords;
        if (!stated)
        {
            return false;
        }

        var normalised = AnswerNormaliser.Normalise(reply, kind).Trim();
        return kind switch
        {
            TaskKind.MultipleChoice => Choice().IsMatch(normalised),
            TaskKind.Boolean => BooleanWords.PairOf(normalised) is not null || normalised is "0" or "1",
            TaskKind.Numeric => Number().IsMatch(normalised),
            TaskKind.DyckLanguages => Closers().IsMatch(normalised),
            _ => normalised.Length > 0 && !normalised.Contains('\n', StringComparison.Ordinal),
        };
    }

    [GeneratedRegex(@"^\([a-z]\)$")]
    private static partial Regex Choice();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex Number();

    [GeneratedRegex(@"[>\)\]}]")]
    private static partial Regex Closers();
}
