namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// Task kinds by benchmark and task name, as in the code's get_task_setting
/// (dataset/bbh.py L39-71; mmlu, wsc multiple choice; gsm8k numeric; webnlg generation).
/// </summary>
public static class TaskCatalog
{
    public static IReadOnlySet<string> BbhMultipleChoice { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "date_understanding", "disambiguation_qa", "geometric_shapes", "hyperbaton",
        "logical_deduction_five_objects", "logical_deduction_seven_objects", "logical_deduction_three_objects",
        "movie_recommendation", "penguins_in_a_table", "reasoning_about_colored_objects", "ruin_names",
        "salient_translation_error_detection", "snarks", "temporal_sequences",
        "tracking_shuffled_objects_five_objects", "tracking_shuffled_objects_seven_objects", "tracking_shuffled_objects_three_objects",
    };

    public static IReadOnlySet<string> BbhBoolean { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "boolean_expressions", "causal_judgement", "formal_fallacies", "navigate", "sports_understanding", "web_of_lies",
    };

    public static IReadOnlySet<string> BbhNumeric { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "object_counting", "multistep_arithmetic_two",
    };

    /// <summary>The kind of a known benchmark task, or null when the name is not one the code knows.</summary>
    public static TaskKind? KindOf(string benchmark, string task) => benchmark.ToLowerInvariant() switch
    {
        "mmlu" or "wsc" => TaskKind.MultipleChoice, // spec §5.2 [C]: WSC is exact-match multiple choice
        "gsm8k" => TaskKind.Numeric,
        "webnlg" => TaskKind.Generation,
        "bbh" => BbhKind(task),
        _ => null,
    };

    private static TaskKind? BbhKind(string task) => task.ToLowerInvariant() switch
    {
        "dyck_languages" => TaskKind.DyckLanguages,
        "word_sorting" => TaskKind.WordSorting,
        _ when BbhMultipleChoice.Contains(task) => TaskKind.MultipleChoice,
        _ when BbhBoolean.Contains(task) => TaskKind.Boolean,
        _ when BbhNumeric.Contains(task) => TaskKind.Numeric,
        _ => null,
    };
}
