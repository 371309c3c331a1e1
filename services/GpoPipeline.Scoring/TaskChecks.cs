using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;

namespace GpoPipeline.Scoring;

/// <summary>
/// What scoring reads of a ScoreBatch's settings, checked before the first task-model call: the second round and the
/// metric read the task's benchmark, name, kind and answer words, so a forged one (Benchmark null on a multiple-choice
/// task) is refused naming the field instead of throwing after a paid call.
/// </summary>
public static class TaskChecks
{
    public static void Validate(ScoringSettings scoring, string where)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        var task = scoring.Task;
        WorkChecks.Present(task.Benchmark, $"{where}.Task.Benchmark");
        WorkChecks.Present(task.Name, $"{where}.Task.Name");
        WorkChecks.Defined(task.Kind, $"{where}.Task.Kind");
        if (task.BooleanWords is { } words)
        {
            WorkChecks.Present(words.Positive, $"{where}.Task.BooleanWords.Positive");
            WorkChecks.Present(words.Negative, $"{where}.Task.BooleanWords.Negative");
        }

        WorkChecks.Defined(scoring.Position, $"{where}.Position");
        WorkChecks.Defined(scoring.Profile, $"{where}.Profile");
    }

    /// <summary>
    /// The scheduler memoizes this batch's answers under the model the run declares: answering with another model
    /// would store that model's answers under the declared one's name (wrong scores for every run sharing them).
    /// Null or empty is unknown (a run naming no model, or a message sent before the field) and is scored.
    /// </summary>
    public static void SameModel(ScoringSettings scoring, string? configuredModel, string where)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        if (!string.IsNullOrEmpty(scoring.TaskModel) && !string.Equals(scoring.TaskModel, configuredModel, StringComparison.Ordinal))
        {
            throw new RejectedMessageException(
                $"{where}: the run is for task model '{scoring.TaskModel}'; this scorer calls '{configuredModel}' (Llm:Task:Model).");
        }
    }
}
