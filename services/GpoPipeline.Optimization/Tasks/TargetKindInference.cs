using System.Globalization;
using System.Text.RegularExpressions;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// Guesses the kind of a user's task from its gold targets: every target a bracketed letter → multiple
/// choice; one boolean word pair → boolean; numbers → numeric; closing brackets → Dyck; several
/// references or anything else → generation. Word sorting cannot be told from free text: declare it in task.json.
/// </summary>
public static partial class TargetKindInference
{
    public static TaskKind Infer(IReadOnlyList<Example> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var targets = examples.Select(e => e.Target.Trim()).ToList();
        if (targets.Count == 0 || examples.Any(e => e.References.Count > 1))
        {
            return TaskKind.Generation;
        }

        if (targets.All(t => OptionLetter().IsMatch(t)))
        {
            return TaskKind.MultipleChoice;
        }

        var pair = BooleanWords.PairOf(targets[0]);
        if (pair is not null && targets.All(pair.Contains))
        {
            return TaskKind.Boolean;
        }

        if (targets.All(IsNumber))
        {
            return TaskKind.Numeric;
        }

        return targets.All(t => Closers().IsMatch(t)) ? TaskKind.DyckLanguages : TaskKind.Generation;
    }

    public static bool IsNumber(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public static bool IsOptionLetter(string text) => OptionLetter().IsMatch(text.Trim());

    public static bool IsClosingBrackets(string text) => Closers().IsMatch(text.Trim());

    [GeneratedRegex(@"^\([A-Za-z]\)$")]
    private static partial Regex OptionLetter();

    [GeneratedRegex(@"^[>\)\]}]+( [>\)\]}]+)*$")]
    private static partial Regex Closers();
}
