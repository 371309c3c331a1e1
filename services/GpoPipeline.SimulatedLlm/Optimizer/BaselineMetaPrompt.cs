using System.Globalization;
using System.Text.RegularExpressions;
using GpoPipeline.SimulatedLlm.Data;

namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>
/// Recognises the baseline meta-prompts of docs/baselines.md that sim-optimizer answers in their own form: OPRO's
/// (scored "text:/score:" pairs and "Problem:" exemplars; the reply is wrapped in &lt;INS&gt;…&lt;/INS&gt; or
/// &lt;Start&gt;…&lt;/Start&gt;) and APE's resampling prompt (the reply is the new instruction alone). Neither has a
/// word budget, so the editor gets none. A test instrument: the replies only need the shape the strategies parse.
/// </summary>
public static partial class BaselineMetaPrompt
{
    public enum Kind
    {
        Opro,
        OproAnswerStart,
        Ape,
    }

    public static (Kind Kind, MetaPrompt Meta)? TryParse(string text, GoldIndex gold)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(gold);
        if (ApeInput().Match(text) is { Success: true } ape)
        {
            var current = ape.Groups["p"].Value.Trim();
            return (Kind.Ape, new MetaPrompt([], current.Length > 0 ? current : MetaPromptParser.SeedPrompt, null, null));
        }

        var kind = text.StartsWith("Your task is to generate the instruction <INS>.", StringComparison.Ordinal) ? Kind.Opro
            : text.StartsWith("Your task is to generate the answer starting sentence <Start>.", StringComparison.Ordinal) ? Kind.OproAnswerStart
            : (Kind?)null;
        if (kind is null)
        {
            return null;
        }

        var shown = OproEntry().Matches(text)
            .Select(m => new ScoredPrompt(m.Groups["p"].Value.Trim(), double.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) / 100))
            .Where(p => p.Prompt.Length > 0)
            .ToList();
        // OPRO sorts ascending: the last shown is the best; the model is asked to beat it.
        var best = shown.Count > 0 ? shown[^1].Prompt : MetaPromptParser.SeedPrompt;
        var task = OproProblem().Matches(text).Select(m => gold.Find(Question(m.Groups["q"].Value))).FirstOrDefault(e => e is not null);
        return (kind.Value, new MetaPrompt(shown, best, null, task));
    }

    public static string Reply(Kind kind, string prompt) => kind switch
    {
        Kind.Opro => $"<INS>{prompt}</INS>",
        Kind.OproAnswerStart => $"<Start>{prompt}</Start>",
        _ => prompt,
    };

    private static string Question(string block) =>
        string.Join('\n', block.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim() != "<INS>")).Trim();

    [GeneratedRegex(@"^Generate a variation of the following instruction while keeping the semantic meaning\.\r?\n\r?\nInput: (?<p>.*?)\r?\n\r?\nOutput:\s*\z", RegexOptions.Singleline)]
    private static partial Regex ApeInput();

    [GeneratedRegex(@"^text:\r?\n(?<p>.*?)\r?\nscore:\r?\n(?<s>\d+)\r?$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex OproEntry();

    [GeneratedRegex(@"Problem:\r?\n(?<q>.*?)\r?\n\r?\nGround truth answer:", RegexOptions.Singleline)]
    private static partial Regex OproProblem();
}
