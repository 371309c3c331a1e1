using System.Text.RegularExpressions;

namespace GpoPipeline.SimulatedLlm.Data;

/// <summary>Infers an example's answer form from its task name and target (see data/README.md, "Scoring").</summary>
public static partial class AnswerKinds
{
    public static readonly IReadOnlyDictionary<string, string> BooleanOpposites = new Dictionary<string, string>
    {
        ["True"] = "False", ["False"] = "True", ["Yes"] = "No", ["No"] = "Yes",
        ["yes"] = "no", ["no"] = "yes", ["valid"] = "invalid", ["invalid"] = "valid",
    };

    public static AnswerKind Infer(string task, IReadOnlyList<string> targets, bool targetIsList) => task switch
    {
        _ when targetIsList => AnswerKind.Generation,
        "dyck_languages" => AnswerKind.Dyck,
        "word_sorting" => AnswerKind.WordSorting,
        _ when OptionLetter().IsMatch(targets[0]) => AnswerKind.MultipleChoice,
        _ when BooleanOpposites.ContainsKey(targets[0]) => AnswerKind.Boolean,
        _ when Integer().IsMatch(targets[0]) => AnswerKind.Numeric,
        _ => AnswerKind.FreeText,
    };

    [GeneratedRegex(@"^\([A-Za-z]\)$")]
    private static partial Regex OptionLetter();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex Integer();
}
