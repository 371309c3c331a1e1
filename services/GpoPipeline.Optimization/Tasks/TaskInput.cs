namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// The first-round user message for the task model (eval_utils gen_prompt, include_qa=false for
/// Q_end/Q_begin; spec §4 "Prompt position"). An empty prompt leaves the question alone.
/// </summary>
public static class TaskInput
{
    public static string Build(string question, string prompt, PromptPosition position)
    {
        var hasPrompt = !string.IsNullOrEmpty(prompt);
        return position switch
        {
            PromptPosition.QBegin => hasPrompt ? $"{prompt}\n{question}" : question,
            // Official eval_utils.py 254-257: "Q: {q}\n" + "A:" + f" {instruction} ", a space after the prompt too.
            PromptPosition.ABegin => hasPrompt ? $"Q: {question}\nA: {prompt} " : $"Q: {question}\nA:",
            _ => hasPrompt ? $"{question}\n{prompt}" : question,
        };
    }
}
