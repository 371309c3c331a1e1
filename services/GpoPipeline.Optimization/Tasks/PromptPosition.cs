namespace GpoPipeline.Optimization.Tasks;

/// <summary>Where the prompt goes in the task-model input (spec §2.4 item 6, §4 "Prompt position").</summary>
public enum PromptPosition
{
    /// <summary><c>{question}\n{prompt}</c> — GPO's default (spec §4).</summary>
    QEnd,

    /// <summary><c>{prompt}\n{question}</c>.</summary>
    QBegin,

    /// <summary><c>Q: {question}\nA: {prompt}</c>.</summary>
    ABegin,
}
