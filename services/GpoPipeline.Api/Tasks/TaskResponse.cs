using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tasks;

/// <summary>A task as GET /v1/tasks and /v1/tasks/{task} answer it.</summary>
/// <param name="LastTrigger">What the last automatic trigger (schedule or data) did: the run it started or why it started none; null before one fired.</param>
public sealed record TaskResponse(
    string Name, string? Description, int? ChampionVersion, string? ChampionPrompt, int DatasetVersion, int ExampleCount,
    Guid? ActiveRunId, TaskSettingsRequest Settings, TaskPolicy Policy, DateTime CreatedAt, TriggerOutcome? LastTrigger)
{
    public static TaskResponse From(TaskRecord task, ChampionVersionRecord? champion)
    {
        ArgumentNullException.ThrowIfNull(task);
        var s = task.Settings;
        return new TaskResponse(
            task.Id, task.Description, champion?.Number, champion?.Prompt, task.LatestDatasetVersion, task.ExampleCount, task.ActiveRunId,
            new TaskSettingsRequest(s.Steps, s.Epochs, s.Candidates, s.BatchSize, s.MaxDevExamples, s.MaxTestExamples, s.Seed,
                s.PromptPosition, s.Schedule, s.Retrieval, s.TaskModel, s.OptimizerModel, s.MaxCost, s.MaxCalls, s.MaxTokens),
            task.Policy, task.CreatedAt, task.LastTrigger);
    }
}
