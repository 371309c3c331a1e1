using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Determinism;
using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>
/// The meta-prompts of the methods that read errors (docs/baselines.md), answered in the form each method parses:
/// ProTeGi's gradient (reasons wrapped in &lt;START&gt;/&lt;END&gt;) and edit (the asked number of wrapped prompts),
/// PE2's examination (free reasoning) and refinement (the prompt alone, within its word limit). A test instrument:
/// the reasons are stock phrases, the prompts <see cref="PromptEditor"/>'s edits of the current prompt.
/// </summary>
public static partial class ErrorMetaPrompt
{
    private static readonly string[] Reasons =
    [
        "the prompt does not say which answer format is expected",
        "the prompt does not ask the model to check each step before answering",
        "the prompt is too vague about what the task asks for",
        "the prompt does not warn against answering before reading every detail",
    ];

    public static string? TryReply(IReadOnlyList<ChatMessageDto> messages, GoldIndex gold, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(random);
        var last = messages.LastOrDefault(m => m.Role == "user")?.Text ?? string.Empty;
        if (last.StartsWith("I'm trying to write a zero-shot classifier prompt.", StringComparison.Ordinal))
        {
            var asked = GradientCount().Match(last) is { Success: true } g ? int.Parse(g.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            return string.Concat(Enumerable.Range(0, asked).Select(_ => $"<START>{random.Pick(Reasons)}.<END>\n"));
        }

        if (last.StartsWith("I'm trying to write a zero-shot classifier.", StringComparison.Ordinal))
        {
            var current = ProTeGiCurrent().Match(last) is { Success: true } c ? c.Groups["p"].Value : MetaPromptParser.SeedPrompt;
            var asked = EditCount().Match(last) is { Success: true } e ? int.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            var meta = new MetaPrompt([], current, null, Task(ProTeGiText().Matches(last), gold));
            var reply = new StringBuilder();
            for (var i = 0; i < asked; i++)
            {
                reply.Append(CultureInfo.InvariantCulture, $"<START>{new PromptEditor(meta, random).Write(overBudget: false)}<END>\n");
            }

            return reply.ToString();
        }

        if (last.StartsWith("Now please carefully review your reasoning in Step 1", StringComparison.Ordinal))
        {
            var current = Pe2Current().Match(last) is { Success: true } c ? c.Groups["p"].Value.Trim() : MetaPromptParser.SeedPrompt;
            int? budget = Pe2Budget().Match(last) is { Success: true } b ? int.Parse(b.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            var examination = string.Join("\n\n", messages.Select(m => m.Text));
            return new PromptEditor(new MetaPrompt([], current, budget, Task(Pe2Input().Matches(examination), gold)), random).Write(overBudget: false);
        }

        if (last.StartsWith("## Prompt\n", StringComparison.Ordinal) && last.Contains("## Examples", StringComparison.Ordinal))
        {
            return $"Looking at the examples, {random.Pick(Reasons)}. It is necessary to edit the prompt: state the task and the expected answer precisely.";
        }

        return null;
    }

    private static KnownExample? Task(MatchCollection inputs, GoldIndex gold) =>
        inputs.Select(m => gold.Find(m.Groups["q"].Value.Trim())).FirstOrDefault(e => e is not null);

    [GeneratedRegex(@"give (\d+) reasons why")]
    private static partial Regex GradientCount();

    [GeneratedRegex(@"I wrote (\d+) different improved prompts")]
    private static partial Regex EditCount();

    [GeneratedRegex("My current prompt is:\\r?\\n\"(?<p>.*?)\"\\r?\\n\\r?\\nBut it gets", RegexOptions.Singleline)]
    private static partial Regex ProTeGiCurrent();

    [GeneratedRegex("Text: \"(?<q>.*?)\"\\r?\\nLabel:", RegexOptions.Singleline)]
    private static partial Regex ProTeGiText();

    [GeneratedRegex(@"## Current Prompt\r?\n(?<p>.*?)\r?\n\r?\n## Instructions", RegexOptions.Singleline)]
    private static partial Regex Pe2Current();

    [GeneratedRegex(@"change up to (\d+) words")]
    private static partial Regex Pe2Budget();

    [GeneratedRegex(@"Input: (?<q>.*?)\r?\nOutput:", RegexOptions.Singleline)]
    private static partial Regex Pe2Input();
}
