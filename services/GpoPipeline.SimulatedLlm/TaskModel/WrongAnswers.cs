using System.Globalization;
using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>Plausible wrong answers of the same kind as the gold one, so scoring code sees realistic mistakes.</summary>
public static class WrongAnswers
{
    public static string For(KnownExample example, SeededRandom random) => example.Kind switch
    {
        AnswerKind.MultipleChoice => random.Pick(OptionLetters.In(example.Input).Where(o => !o.Equals(example.Gold, StringComparison.OrdinalIgnoreCase)).ToList()),
        AnswerKind.Boolean => AnswerKinds.BooleanOpposites[example.Gold],
        AnswerKind.Numeric => OffByAFew(long.Parse(example.Gold, CultureInfo.InvariantCulture), random),
        AnswerKind.WordSorting => Shuffled(example.Gold, random),
        AnswerKind.Dyck => WrongClosing(example.Gold, random),
        AnswerKind.Generation => Degraded(example.Gold, random),
        _ => "(A)",
    };

    private static string OffByAFew(long gold, SeededRandom random)
    {
        var offset = 1 + random.Next(3);
        var wrong = random.Chance(0.5) || gold - offset < 0 ? gold + offset : gold - offset;
        return wrong.ToString(CultureInfo.InvariantCulture);
    }

    private static string Shuffled(string gold, SeededRandom random)
    {
        var words = gold.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            return gold + "s";
        }

        var shuffled = words.OrderBy(_ => random.NextULong()).ToArray();
        if (shuffled.SequenceEqual(words))
        {
            (shuffled[0], shuffled[1]) = (shuffled[1], shuffled[0]);
        }

        return string.Join(' ', shuffled);
    }

    private static string WrongClosing(string gold, SeededRandom random)
    {
        var tokens = gold.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count > 1 && random.Chance(0.5))
        {
            tokens.RemoveAt(tokens.Count - 1);
            return string.Join(' ', tokens);
        }

        string[] closers = [")", "]", "}", ">"];
        var index = random.Next(tokens.Count);
        tokens[index] = random.Pick(closers.Where(c => c != tokens[index]).ToList());
        return string.Join(' ', tokens);
    }

    private static string Degraded(string gold, SeededRandom random)
    {
        var words = gold.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = words.Where((_, i) => i == 0 || !random.Chance(0.45));
        return string.Join(' ', kept) + " and more.";
    }
}
