using GpoPipeline.SimulatedLlm.Data;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>
/// The hidden quality function's vocabulary: phrases that help or hurt a simulated answer. Matched on word
/// starts, so "check" also counts "checking" and "double-check". The optimizer draws from the same phrases.
/// </summary>
public static class QualityPhrases
{
    public static IReadOnlyDictionary<string, double> General { get; } = new Dictionary<string, double>
    {
        ["step by step"] = 0.06, ["carefully"] = 0.07, ["final answer"] = 0.06, ["check"] = 0.05,
        ["verify"] = 0.04, ["systematically"] = 0.05, ["reason"] = 0.03, ["break the problem"] = 0.04,
    };

    public static IReadOnlyDictionary<string, double> Harmful { get; } = new Dictionary<string, double>
    {
        ["guess"] = -0.15, ["quickly"] = -0.10, ["ignore"] = -0.12, ["random"] = -0.10,
        ["skip"] = -0.08, ["without thinking"] = -0.12, ["first instinct"] = -0.08, ["don't explain"] = -0.05,
    };

    /// <summary>Task words for tasks the simulator recognises by name (the lite-BBH tasks and a few more).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ByTask { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["navigate"] = Weights(0.07, "direction", "steps", "starting point", "track", "position"),
            ["object_counting"] = Weights(0.07, "count", "each item", "category", "list", "total"),
            ["word_sorting"] = Weights(0.07, "alphabetical", "letter", "sort", "order"),
            ["dyck_languages"] = Weights(0.07, "bracket", "stack", "closing", "parenthes", "match"),
            ["movie_recommendation"] = Weights(0.07, "genre", "similar", "movies", "option"),
            ["multistep_arithmetic_two"] = Weights(0.07, "order of operations", "calculate", "parenthes", "intermediate"),
        };

    /// <summary>Task words by answer form, for every other task.</summary>
    public static IReadOnlyDictionary<AnswerKind, IReadOnlyDictionary<string, double>> ByKind { get; } =
        new Dictionary<AnswerKind, IReadOnlyDictionary<string, double>>
        {
            [AnswerKind.MultipleChoice] = Weights(0.06, "option", "eliminate", "each choice", "compare"),
            [AnswerKind.Boolean] = Weights(0.06, "evaluate", "condition", "logic", "true or false"),
            [AnswerKind.Numeric] = Weights(0.06, "calculate", "number", "compute", "intermediate"),
            [AnswerKind.Dyck] = Weights(0.07, "bracket", "stack", "closing", "match"),
            [AnswerKind.WordSorting] = Weights(0.07, "alphabetical", "letter", "sort", "order"),
            [AnswerKind.Generation] = Weights(0.06, "fluent", "every triple", "all facts", "natural", "concise"),
            [AnswerKind.FreeText] = Weights(0.05, "precise", "exact"),
        };

    public static IReadOnlyDictionary<string, double> ForTask(KnownExample? example) =>
        example is null ? new Dictionary<string, double>()
        : ByTask.TryGetValue(example.Task, out var byTask) ? byTask
        : ByKind[example.Kind];

    private static Dictionary<string, double> Weights(double weight, params string[] phrases) =>
        phrases.ToDictionary(p => p, _ => weight);
}
