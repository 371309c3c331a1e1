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
}
