using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tasks;

/// <summary>A task as GET /v1/tasks and /v1/tasks/{task} answer it.</summary>
/// <param name="ActiveRunId">The task's run still going, as a submission sees it (<see cref="Runs.RunSubmission.ActiveRunAsync"/>):
/// not a run that was cancelled, stopped or failed after it took the task, whose id the task record still holds.</param>
/// <param name="LastTrigger">What the last automatic trigger (schedule or data) did: the run it started or why it started none; null before one fired.</param>
public sealed record TaskResponse(
    string Name, string? Description, int? ChampionVersion, string? ChampionPrompt, int DatasetVersion, int ExampleCount,
    Guid? ActiveRunId, TaskSettingsRequest Settings, TaskPolicy Policy, DateTime CreatedAt, TriggerOutcome? LastTrigger)
{
    public static TaskResponse From(TaskRecord task, ChampionVersionRecord? champion, Guid? activeRunId)
    {
        ArgumentNullException.ThrowIfNull(task);
        var s = task.Settings;
        return new TaskResponse(
            task.Id, task.Description, champion?.Number, champion?.Prompt, task.LatestDatasetVersion, task.ExampleCount, activeRunId,
            new TaskSettingsRequest(s.Steps, s.Epochs, s.Candidates, s.BatchSize, s.MaxDevExamples, s.MaxTestExamples, s.Seed,
                s.PromptPosition, s.Schedule, s.Retrieval, s.TaskModel, s.OptimizerModel, s.MaxCost, s.MaxCalls, s.MaxTokens),
            task.Policy, task.CreatedAt, task.LastTrigger);
    }
}
