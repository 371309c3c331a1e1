using System.ComponentModel;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tasks;

/// <summary>POST /v1/tasks.</summary>
public sealed record CreateTaskRequest(
    string? Name, string? Description, string? InitialPrompt, TaskSettingsRequest? Settings, TaskPolicyRequest? Policy);

/// <summary>The GPO run settings a task's optimizations use (defaults: the paper's final configuration, spec §4).</summary>
public sealed record TaskSettingsRequest(
    int? Steps = null, int? Epochs = null, int? Candidates = null, int? BatchSize = null,
    int? MaxDevExamples = null, int? MaxTestExamples = null, int? Seed = null,
    string? PromptPosition = null, string? Schedule = null, string? Retrieval = null,
    string? TaskModel = null, string? OptimizerModel = null,
    double? MaxCost = null, long? MaxCalls = null, long? MaxTokens = null);

/// <summary>
/// When to re-optimize and when to promote (defaults α = 0.05, +1 point; score checks off, 50 examples). The two
/// thresholds are in score points (0–100): 1 point is a score difference of 0.01 on the 0–1 scale scores are answered in.
/// </summary>
public sealed record TaskPolicyRequest(
    double? Alpha = null,
    [property: Description(TaskPolicyUnits.MinimumEffect)] double? MinimumEffect = null, int? ReoptimizeEveryExamples = null, string? Cron = null,
    double? DailyMaxCost = null, long? DailyMaxCalls = null, long? DailyMaxTokens = null,
    [property: Description(TaskPolicyUnits.ScoreDropThreshold)] double? ScoreDropThreshold = null, int? ScoreDropExamples = null);
