using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>
/// Scores one task-model reply: 1/0 accuracy, or ROUGE-L F1 for generation (spec §5.2-5.3).
/// Pass the second-round reply when the task has a second round, the first reply otherwise.
/// </summary>
public static class TaskScorer
{
    public static double Score(TaskDefinition task, string reply, Example example)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(example);
        if (task.Kind == TaskKind.Generation)
        {
            return RougeL.MeanF1(reply.Trim(), example.References);
        }

        var normalised = AnswerNormaliser.Normalise(reply, task.Kind);
        return AnswerMatcher.IsCorrect(task.Kind, normalised, example.Target) ? 1 : 0;
    }
}
