using System.Text;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// The GPO code's reflection ("feedback gradient") prompt, which its APO, PE2 and SGDM baselines used
/// (txy77/GPO src/optimization/gradient/feedback_gradient.py lines 40-57, typo "Queston" kept), and the
/// problems block its edit-with-gradient template inserts after the current prompt
/// (utilize_gradient/edit_based_util_gradient.py lines 57-71).
/// </summary>
public static class GpoFeedbackText
{
    public static string Gradient(string prompt, IReadOnlyList<MinibatchExample> wrong)
    {
        ArgumentNullException.ThrowIfNull(wrong);
        var errors = string.Join("\n\n", wrong.Select(e => $"Question: {e.Input}\nWrong prediction: {e.Output}\nGround truth answer: {e.Label}"));
        return new StringBuilder()
            .Append("Your task is to point out the problems with the current prompt based on the wrong examples.\n\n")
            .Append($"The current prompt is:\n{prompt}\n\n")
            .Append("But this prompt gets the following examples wrong.\n")
            .Append("You should analyze the differences between wrong predictions and ground truth answers, and carefully consider why this prompt led to incorrect predictions.\n\n")
            .Append($"Below are the task examples with Queston, Wrong prediction, and Ground truth answer.\n\n{errors}\n\n")
            .Append("Give a reason why the prompt could have gotten these examples wrong.\n")
            .Append("Wrap the reason with <START> and <END>.")
            .ToString();
    }

    /// <summary>Inserts "Below are the problems with this prompt." and the feedback right after the current prompt.</summary>
    public static string WithProblems(string metaPrompt, string currentPrompt, string feedback)
    {
        ArgumentNullException.ThrowIfNull(metaPrompt);
        var marker = $"The current prompt is:\n{currentPrompt}\n\n";
        var at = metaPrompt.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ArgumentException("The meta-prompt has no \"The current prompt is:\" block to put the problems after.", nameof(metaPrompt));
        }

        var end = at + marker.Length;
        return string.Concat(metaPrompt.AsSpan(0, end), $"Below are the problems with this prompt.\n\n{feedback}\n\n", metaPrompt.AsSpan(end));
    }
}
