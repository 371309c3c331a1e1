namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>GPO meta-prompts in the layout of gpo-spec §2.4.</summary>
public static class MetaPrompts
{
    public static string Build(string current, int budget, IReadOnlyList<Example> exemplars, params (string Prompt, double Score)[] shown) =>
        "Your task is to write a prompt to replace <Prompt>.\n\n"
        + "Below are the previous prompts with their scores. The score ranges from 0 to 100, and higher scores indicate better quality.\n\n"
        + string.Concat(shown.Select(s => $"Prompt: {s.Prompt}\nScore: {s.Score}\n\n"))
        + $"The current prompt is:\n{current}\n\n"
        + "The following exemplars show how to apply the prompt: you replace <Prompt> in each input with your new prompt, then read the input and give an output.\n\n"
        + string.Concat(exemplars.Select(e => $"Input:\n{e.Input}\n<Prompt>\nOutput:\n{e.Target}\n\n"))
        + "Carefully analyze the previous prompts and their scores, and write a new improved prompt to replace <Prompt> at the end of the question in the task examples.\n"
        + $"You are allowed to change up to {budget} words in the current prompt.\n\n"
        + "Wrap the new prompt with <START> and <END>.";
}
