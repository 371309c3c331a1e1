using System.Globalization;
using System.Text;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// OPRO's meta-prompt for a GPT optimizer with instructions and exemplars (Yang et al. 2024, §2.2 and
/// Appendix C; opro/optimization/opt_utils.py gen_meta_prompt, meta_prompt_type
/// "both_instructions_and_exemplars", include_qa = False), reproduced character for character.
/// </summary>
public static class OproMetaPrompt
{
    public static string Build(IReadOnlyList<TrajectoryEntry> history, IReadOnlyList<Example> exemplars, PromptPosition position)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(exemplars);
        var answerStart = position == PromptPosition.ABegin;
        var text = new StringBuilder(answerStart
            ? "Your task is to generate the answer starting sentence <Start>. Below are some previous starting sentences with their scores. The score ranges from 0 to 100.\n"
            : "Your task is to generate the instruction <INS>. Below are some previous instructions with their scores. The score ranges from 0 to 100.\n");
        foreach (var entry in history)
        {
            text.Append(CultureInfo.InvariantCulture, $"\ntext:\n{entry.Prompt}\nscore:\n{Bucket(entry.DevScore)}\n");
        }

        text.Append("\n\nBelow are some problems.\n");
        foreach (var example in exemplars)
        {
            text.Append(position switch
            {
                PromptPosition.ABegin => $"\nQ: {example.Input}\nA: <Start>",
                PromptPosition.QBegin => $"\nProblem:\n<INS>\n{example.Input}\n",
                _ => $"\nProblem:\n{example.Input}\n<INS>\n",
            });
            text.Append(CultureInfo.InvariantCulture, $"\nGround truth answer:\n{example.Target}\n");
        }

        return text.Append(answerStart
            ? "\n\nGenerate a starting sentence that is different from all the <Start> sentences above, and has a higher score than all the <Start> sentences above. The starting sentence should begin with <Start> and end with </Start>. The starting sentence should be concise, effective, and generally applicable to all QA pairs above."
            : "\n\nGenerate an instruction that is different from all the instructions <INS> above, and has a higher score than all the instructions <INS> above. The instruction should begin with <INS> and end with </INS>. The instruction should be concise, effective, and generally applicable to all problems above.").ToString();
    }

    /// <summary>num_score_buckets = 100: round(accuracy · 100) with Python's round-half-to-even.</summary>
    public static int Bucket(double accuracy) => (int)Math.Round(accuracy * 100, MidpointRounding.ToEven);
}
