using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>Whether an example's target has the shape its task kind scores against.</summary>
public static class TargetFits
{
    public static bool Kind(TaskDefinition task, Example example)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(example);
        var target = example.Target.Trim();
        return task.Kind switch
        {
            TaskKind.MultipleChoice => TargetKindInference.IsOptionLetter(target),
            TaskKind.Boolean => (task.BooleanWords ?? BooleanWords.PairOf(target))?.Contains(target) == true,
            TaskKind.Numeric => TargetKindInference.IsNumber(target),
            TaskKind.DyckLanguages => TargetKindInference.IsClosingBrackets(target),
            TaskKind.WordSorting => target.Length > 0,
            _ => example.References.Any(r => r.Trim().Length > 0),
        };
    }

    public static string Expected(TaskDefinition task) => task?.Kind switch
    {
        TaskKind.MultipleChoice => "is not an option letter like (A)",
        TaskKind.Boolean => $"is not one of {task.BooleanWords?.Positive ?? "True"}/{task.BooleanWords?.Negative ?? "False"}",
        TaskKind.Numeric => "is not a number",
        TaskKind.DyckLanguages => "is not a sequence of closing brackets",
        _ => "is empty",
    };
}
