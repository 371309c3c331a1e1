using System.Text;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// ProTeGi's two meta-prompts and its error string (Pryzant et al. 2023, §2.1; the wording as in LMOps
/// prompt_optimization/optimizers.py _get_gradients, apply_gradient, _sample_error_str). The code indents the
/// templates and strips each line; here the outer blank lines are dropped and the inputs keep their indentation.
/// </summary>
public static class ProTeGiText
{
    public static string Gradient(string prompt, string errorString, int reasons) =>
        $"I'm trying to write a zero-shot classifier prompt.\n\nMy current prompt is:\n\"{prompt}\"\n\nBut this prompt gets the following examples wrong:\n{errorString}\n\ngive {reasons} reasons why the prompt could have gotten these examples wrong.\nWrap each reason with <START> and <END>";

    public static string Edit(string prompt, string errorString, string feedback, int prompts) =>
        $"I'm trying to write a zero-shot classifier.\n\nMy current prompt is:\n\"{prompt}\"\n\nBut it gets the following examples wrong:\n{errorString}\n\nBased on these examples the problem with this prompt is that {feedback}\n\nBased on the above information, I wrote {prompts} different improved prompts.\nEach prompt is wrapped with <START> and <END>.\n\nThe {prompts} new prompts are:";

    /// <summary>"## Example i / Text / Label / Prediction" blocks; the prediction is the task model's raw output.</summary>
    public static string ErrorString(IReadOnlyList<MinibatchExample> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var text = new StringBuilder();
        for (var i = 0; i < errors.Count; i++)
        {
            text.Append($"## Example {i + 1}\nText: \"{errors[i].Input.Trim()}\"\nLabel: {errors[i].Label}\nPrediction: {errors[i].Output.Trim()}\n\n");
        }

        return text.ToString().Trim();
    }
}
