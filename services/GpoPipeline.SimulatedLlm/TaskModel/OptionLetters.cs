using System.Text.RegularExpressions;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>The option letters listed in a multiple-choice question, e.g. lines starting with "(A)".</summary>
public static partial class OptionLetters
{
    public static IReadOnlyList<string> In(string question)
    {
        var letters = OptionLine().Matches(question).Select(m => $"({m.Groups[1].Value})").Distinct().ToList();
        return letters.Count >= 2 ? letters : ["(A)", "(B)", "(C)", "(D)"];
    }

    public static bool HasOptions(string question) => OptionLine().Count(question) >= 2;

    [GeneratedRegex(@"^\s*\(([A-Z])\)", RegexOptions.Multiline)]
    private static partial Regex OptionLine();
}
