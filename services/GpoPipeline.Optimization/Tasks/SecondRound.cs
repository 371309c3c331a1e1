using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// The second user turn that makes a chat task model restate its answer in the expected form
/// (spec §5.3 table; eval_utils get_second_round_prompt). Generation tasks have no second round.
/// </summary>
public static partial class SecondRound
{
    public const string Numeric = "Therefore, summarize your final answer with just one number in your response.";
    public const string Dyck = "Directly output the newly added parentheses that make the parentheses close correctly.";
    public const string WordSorting = "Directly output the result of sorting the words alphabetically, separating each word with a space.";

    /// <returns>The instruction, or null when the task is scored on the first reply (generation).</returns>
    public static string? Instruction(TaskDefinition task, string question)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Kind switch
        {
            TaskKind.Boolean => Boolean(task.BooleanWords ?? BooleanWords.TrueFalse),
            TaskKind.MultipleChoice when task.Benchmark.Equals("wsc", StringComparison.OrdinalIgnoreCase) =>
                "Therefore, summarize your answer with an option between (A) and (B).",
            TaskKind.MultipleChoice => $"Therefore, summarize your answer with an option among (A) and {LastOption(question)}.",
            TaskKind.Numeric => Numeric,
            TaskKind.DyckLanguages => Dyck,
            TaskKind.WordSorting => WordSorting,
            _ => null,
        };
    }

    private static string Boolean(BooleanWords words) =>
        $"Directly tell me your answer using only \"{words.Positive}\" or \"{words.Negative}\".";

    /// <summary>The letter of the question's last option line, e.g. "(E)"; "(D)" when no option line is found.</summary>
    public static string LastOption(string question)
    {
        var line = question.Split('\n').LastOrDefault(l => OptionLine().IsMatch(l));
        return line is null ? "(D)" : OptionLine().Match(line).Groups[1].Value;
    }

    [GeneratedRegex(@"^\s*(\([A-Za-z]\))")]
    private static partial Regex OptionLine();
}
