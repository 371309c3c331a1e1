using System.Globalization;
using System.Text.RegularExpressions;
using GpoPipeline.SimulatedLlm.Data;

namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>Reads the parts of a GPO meta-prompt (spec §2.4) that drive the simulated optimizer.</summary>
public static partial class MetaPromptParser
{
    public const string SeedPrompt = "Let's think step by step.";

    public static MetaPrompt Parse(string text, GoldIndex gold)
    {
        var shown = ScoredEntry().Matches(text)
            .Select(m => new ScoredPrompt(m.Groups["p"].Value.Trim(), double.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture)))
            .Where(p => p.Prompt.Length > 0)
            .ToList();
        var current = CurrentPrompt().Match(text) is { Success: true } c && c.Groups["c"].Value.Trim() is { Length: > 0 } found
            ? found
            : shown.MaxBy(p => p.Score)?.Prompt ?? SeedPrompt;
        int? budget = Budget().Match(text) is { Success: true } b ? int.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var task = Exemplar().Matches(text).Select(m => gold.Find(CleanExemplar(m.Groups["q"].Value))).FirstOrDefault(e => e is not null);
        return new MetaPrompt(shown, current, budget, task);
    }

    /// <summary>The question of an exemplar without its &lt;Prompt&gt; slot and Q:/A: labels.</summary>
    private static string CleanExemplar(string block)
    {
        var lines = block.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.Trim() is not ("<Prompt>" or "A: <Prompt>" or "A:<Prompt>"))
            .ToList();
        var question = string.Join('\n', lines).Trim();
        return question.StartsWith("Q: ", StringComparison.Ordinal) ? question[3..] : question;
    }

    [GeneratedRegex(@"^Prompt:[ \t]*(?<p>.*?)\r?\nScore:[ \t]*(?<s>[-+]?\d+(?:\.\d+)?)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ScoredEntry();

    [GeneratedRegex(@"The current prompt is:[ \t]*\r?\n(?<c>.*?)(?:\r?\n[ \t]*\r?\n|\z)", RegexOptions.Singleline)]
    private static partial Regex CurrentPrompt();

    [GeneratedRegex(@"change up to (\d+) words")]
    private static partial Regex Budget();

    [GeneratedRegex(@"Input:[ \t]*\r?\n(?<q>.*?)\r?\nOutput:", RegexOptions.Singleline)]
    private static partial Regex Exemplar();
}
