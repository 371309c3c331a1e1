using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tasks;

public sealed record TaskResponse(
    string Name, string? Description, int? ChampionVersion, string? ChampionPrompt, int DatasetVersion, int ExampleCount,
    Guid? ActiveRunId, TaskSettingsRequest Settings, TaskPolicy Policy, DateTime CreatedAt)
{
    public static TaskResponse From(TaskRecord task, ChampionVersionRecord? champion)
    {
        ArgumentNullException.ThrowIfNull(task);
        var s = task.Settings;
        return new TaskResponse(
            task.Id, task.Description, champion?.Number, champion?.Prompt, task.LatestDatasetVersion, task.ExampleCount, task.ActiveRunId,
            new TaskSettingsRequest(s.Steps, s.Epochs, s.Candidates, s.BatchSize, s.MaxDevExamples, s.MaxTestExamples, s.Seed,
                s.PromptPosition, s.Schedule, s.Retrieval, s.TaskModel, s.OptimizerModel, s.MaxCost, s.MaxCalls, s.MaxTokens),
            task.Policy, task.CreatedAt);
    }
}
