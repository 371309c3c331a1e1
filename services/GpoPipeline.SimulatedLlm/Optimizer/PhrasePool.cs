using GpoPipeline.SimulatedLlm.Data;

namespace GpoPipeline.SimulatedLlm.Optimizer;

/// <summary>
/// Sentences sim-optimizer adds to prompts. They carry the task model's helpful AND harmful phrases
/// (<see cref="TaskModel.QualityPhrases"/>), so candidates differ in quality and selection matters.
/// </summary>
public static class PhrasePool
{
    public static IReadOnlyList<string> Helpful { get; } =
    [
        "Think step by step.", "Work through the problem step by step.", "Read the question carefully.",
        "Check your work before answering.", "Verify each intermediate result.", "Give the final answer at the end.",
        "Reason systematically.", "Break the problem into smaller parts.",
    ];

    public static IReadOnlyList<string> Harmful { get; } =
    [
        "Guess if you are unsure.", "Answer quickly.", "Ignore the details.", "Pick a random option if stuck.",
        "Skip the explanation.", "Answer without thinking too much.", "Go with your first instinct.",
    ];

    public static IReadOnlyList<string> Neutral { get; } =
    [
        "Answer the question.", "Use clear language.", "Consider the context.", "Read the input.", "Be helpful.",
    ];

    private static readonly Dictionary<string, string[]> ByTask = new()
    {
        ["navigate"] = ["Track your position and direction after each instruction.", "Add up the steps in each direction.", "Check whether you end at the starting point."],
        ["object_counting"] = ["Count each item that belongs to the asked category.", "List the items and add up the total."],
        ["word_sorting"] = ["Sort the words in alphabetical order letter by letter.", "Compare the first letter of each word."],
        ["dyck_languages"] = ["Use a stack to match each opening bracket with its closing bracket."],
        ["movie_recommendation"] = ["Compare the genre of the movies and pick the most similar option."],
        ["multistep_arithmetic_two"] = ["Follow the order of operations and calculate intermediate results."],
    };

    private static readonly Dictionary<AnswerKind, string[]> ByKind = new()
    {
        [AnswerKind.MultipleChoice] = ["Compare each choice and eliminate the wrong options."],
        [AnswerKind.Boolean] = ["Evaluate each condition using logic."],
        [AnswerKind.Numeric] = ["Calculate each intermediate number."],
        [AnswerKind.Dyck] = ["Match each bracket with its closing bracket using a stack."],
        [AnswerKind.WordSorting] = ["Sort the words in alphabetical order letter by letter."],
        [AnswerKind.Generation] = ["Write fluent, natural text that covers every triple."],
        [AnswerKind.FreeText] = ["Give a precise, exact answer."],
    };

    public static IReadOnlyList<string> ForTask(KnownExample? task) =>
        task is null ? [] : ByTask.TryGetValue(task.Task, out var byTask) ? byTask : ByKind[task.Kind];
}
