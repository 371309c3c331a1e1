using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>The fixed sentences of the meta-prompt, as in the code (utilize_gradient/*_without_gradient.py).</summary>
internal static class MetaPromptText
{
    public const string TrajectoryHeading =
        "Below are the previous prompts with their scores. The score ranges from 0 to 100, and higher scores indicate better quality.";

    // The no-trajectory heading differs slightly in the code ("higher score indicates") and has no blank line after it.
    public const string CurrentOnlyHeading =
        "Below is the current prompt with its score. The score ranges from 0 to 100, and higher score indicates better quality.";

    public static string Opening(Refinement r) => r == Refinement.Edit
        ? "Your task is to modify the current prompt to replace <Prompt>."
        : "Your task is to write a prompt to replace <Prompt>.";

    // The code's edit template with a trajectory says "with your text"; every other one "with your new prompt".
    public static string Exemplars(Refinement r, bool trajectory) =>
        $"The following exemplars show how to apply the prompt: you replace <Prompt> in each input with {(r == Refinement.Edit && trajectory ? "your text" : "your new prompt")}, then read the input and give an output. We say your output is wrong if it is different from the given output, and we say your output is correct if they are the same.";

    public static string Closing(Refinement r, bool trajectory, PromptPosition position)
    {
        var where = $"to replace <Prompt> {Where(position)} in the task examples.";
        return (r, trajectory) switch
        {
            (Refinement.Generate, true) => $"Carefully analyze the previous prompts and their scores, and write a new improved prompt {where}",
            (Refinement.Generate, false) => $"Write a new improved prompt {where}",
            (Refinement.Edit, true) => $"Carefully analyze the previous prompts and their scores, modify the current prompt, and get a new improved prompt {where}",
            _ => $"Modify the current prompt and get a new improved prompt {where}",
        };
    }

    public static string Wrap(Refinement r) => r == Refinement.Edit
        ? "Wrap the modified prompt with <START> and <END>."
        : "Wrap the new prompt with <START> and <END>.";

    public static string LearningRate(int words) => $"You are allowed to change up to {words} words in the current prompt.";

    public static string Where(PromptPosition position) => position switch
    {
        PromptPosition.QBegin => "at the beginning of the question",
        PromptPosition.ABegin => "at the beginning of the answer",
        _ => "at the end of the question",
    };

    public static string Example(string question, string answer, PromptPosition position) => position switch
    {
        PromptPosition.QBegin => $"Input:\n<Prompt>\n{question}\nOutput:\n{answer}",
        PromptPosition.ABegin => $"Input:\nQ: {question}\nA: <Prompt>\nOutput:\n{answer}",
        _ => $"Input:\n{question}\n<Prompt>\nOutput:\n{answer}",
    };
}
