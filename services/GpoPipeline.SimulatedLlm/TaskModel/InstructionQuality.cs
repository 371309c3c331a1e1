using System.Text;
using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>
/// The hidden p(instruction, task): chance that sim-task answers correctly. A base rate per answer form, plus
/// helpful and harmful phrases, minus a length penalty, clipped to [0.05, 0.95]. "Let's think step by step."
/// lands only slightly above the base, so better prompts are reachable by editing.
/// </summary>
public static class InstructionQuality
{
    public const double MaxBonus = 0.40;
    public const int FreeWords = 40;
    public const double PenaltyPerExtraWord = 0.005;

    public static double Probability(string instruction, KnownExample? example)
    {
        var text = Normalize(instruction);
        var taskPhrases = QualityPhrases.ForTask(example);
        var bonus = Sum(text, QualityPhrases.General) + Sum(text, taskPhrases);
        var malus = Sum(text, QualityPhrases.Harmful);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var lengthPenalty = Math.Max(0, words - FreeWords) * PenaltyPerExtraWord;
        var p = BaseRate(example) + Math.Min(MaxBonus, bonus) + malus - lengthPenalty;
        return Math.Clamp(p, 0.05, 0.95);
    }

    public static double BaseRate(KnownExample? example)
    {
        if (example is null)
        {
            return 0.35;
        }

        var byKind = example.Kind switch
        {
            AnswerKind.Boolean => 0.45,
            AnswerKind.Generation => 0.50,
            AnswerKind.WordSorting => 0.40,
            AnswerKind.MultipleChoice => 0.38,
            _ => 0.36,
        };

        // A small fixed per-task offset (±0.04) so tasks of one form do not all look alike.
        return byKind + ((StableHash.Unit(StableHash.Of(example.Task)) - 0.5) * 0.08);
    }

    /// <summary>Lower-case words separated by single spaces, padded with a space on each side.</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(" ");
        foreach (var c in text)
        {
            var keep = char.IsLetterOrDigit(c) || c == '\'';
            if (keep)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder[^1] == ' ' ? builder.ToString() : builder.Append(' ').ToString();
    }

    private static double Sum(string normalized, IReadOnlyDictionary<string, double> phrases) =>
        phrases.Where(p => normalized.Contains(' ' + p.Key, StringComparison.Ordinal)).Sum(p => p.Value);
}
