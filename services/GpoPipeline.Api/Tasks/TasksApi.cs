using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Datasets;
using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Security;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GpoPipeline.Api.Tasks;

/// <summary>/v1/tasks: create, list, read, change settings or policy (after eShop's Map&lt;Resource&gt;Api).</summary>
public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tasks").WithTags("Tasks");
        group.MapPost("/", CreateAsync).RequireAuthorization(ScopePolicies.Write);
        group.MapGet("/", ListAsync).RequireAuthorization(ScopePolicies.Read);
        group.MapGet("/{task}", GetAsync).RequireAuthorization(ScopePolicies.Read);
        group.MapPut("/{task}/settings", SetSettingsAsync).RequireAuthorization(ScopePolicies.Write);
        group.MapPut("/{task}/policy", SetPolicyAsync).RequireAuthorization(ScopePolicies.Write);
        return group;
    }

    public static async Task<Created<TaskResponse>> CreateAsync(
        CreateTaskRequest request, ControlPlaneStore store, ChampionBook champions, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = TaskNames.Require(request.Name);
        var prompt = TaskSettingsValidator.Prompt(request.InitialPrompt ?? "Let's think step by step.", "initialPrompt");
        if (request.Description is { Length: > 1000 })
        {
            throw ApiProblemException.Invalid("Field 'description' must be at most 1000 characters.");
        }

        var task = new TaskRecord
        {
            Id = name, Description = request.Description, Settings = TaskSettingsValidator.Settings(request.Settings, prompt),
            Policy = TaskSettingsValidator.Policy(request.Policy), CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (!await store.TryCreateTaskAsync(task, cancellationToken))
        {
            throw ApiProblemException.Conflict($"Task '{name}' already exists.");
        }

        var champion = await champions.CurrentAsync(task, cancellationToken);
        return TypedResults.Created($"/v1/tasks/{name}", TaskResponse.From(task, champion, activeRunId: null));
    }

    public static async Task<Ok<List<TaskResponse>>> ListAsync(ControlPlaneStore store, RunSubmission submissions, CancellationToken cancellationToken)
    {
        var tasks = await store.ListTasksAsync(cancellationToken);
        var list = new List<TaskResponse>();
        foreach (var task in tasks)
        {
            list.Add(await ResponseAsync(task, store, submissions, cancellationToken));
        }

        return TypedResults.Ok(list);
    }

    public static async Task<Ok<TaskResponse>> GetAsync(string task, ControlPlaneStore store, RunSubmission submissions, CancellationToken cancellationToken)
    {
        var record = await Find(store, task, cancellationToken);
        return TypedResults.Ok(await ResponseAsync(record, store, submissions, cancellationToken));
    }

    /// <summary>
    /// Replaces the task's run settings, as creation sets them (a field left out takes its default). Runs submitted
    /// from now on use them; a run already submitted keeps the settings its StartRun carried (RunSubmission copies them).
    /// Refused like a dataset upload when the task's data would make its runs longer than the scheduler's step limit.
    /// </summary>
    public static async Task<Ok<TaskResponse>> SetSettingsAsync(
        string task, TaskSettingsRequest request, ControlPlaneStore store, DatasetVersions versions, RunSubmission submissions, CancellationToken cancellationToken)
    {
        var record = await Find(store, task, cancellationToken);
        var settings = TaskSettingsValidator.Settings(request, record.Settings);
        if (TaskSettingsValidator.PositionProblem(record.Settings, settings) is { } position)
        {
            throw ApiProblemException.Invalid(position);
        }

        // The data the next run takes (the task's version changes with it, so the write below is refused if it moves).
        if (await versions.SettingsProblemAsync(record, settings, cancellationToken) is { } steps)
        {
            throw ApiProblemException.Invalid(steps);
        }

        record.Settings = settings;
        if (!await store.TryUpdateTaskAsync(record, cancellationToken))
        {
            throw ApiProblemException.Conflict($"Task '{task}' changed while the settings were written; try again.");
        }

        return TypedResults.Ok(await ResponseAsync(record, store, submissions, cancellationToken));
    }

    public static async Task<Ok<TaskResponse>> SetPolicyAsync(
        string task, TaskPolicyRequest request, ControlPlaneStore store, TimeProvider clock, RunSubmission submissions, CancellationToken cancellationToken)
    {
        var policy = TaskSettingsValidator.Policy(request);
        var record = await Find(store, task, cancellationToken);
        if (policy.Cron is not null && policy.Cron != record.Policy.Cron)
        {
            // A new schedule starts now: the ticks before it (counted from the task's creation or its old schedule's
            // last tick) were never missed, and the latest of them would start a "catch-up" run at once.
            record.LastCronTick = clock.GetUtcNow().UtcDateTime;
        }

        record.Policy = policy;
        if (!await store.TryUpdateTaskAsync(record, cancellationToken))
        {
            throw ApiProblemException.Conflict($"Task '{task}' changed while the policy was written; try again.");
        }

        return TypedResults.Ok(await ResponseAsync(record, store, submissions, cancellationToken));
    }

    /// <summary>The task with its champion and the run of it still going (a run cancelled or ended since is none).</summary>
    private static async Task<TaskResponse> ResponseAsync(TaskRecord task, ControlPlaneStore store, RunSubmission submissions, CancellationToken cancellationToken) =>
        TaskResponse.From(task, await store.GetChampionAsync(task.Id, cancellationToken), await submissions.ActiveRunAsync(task, cancellationToken));

    public static async Task<TaskRecord> Find(ControlPlaneStore store, string task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return TaskNames.IsValid(task) && await store.GetTaskAsync(task, cancellationToken) is { } found ? found
            : throw ApiProblemException.NotFound($"Task '{Shorten(task)}' does not exist.");
    }

    public static string Shorten(string? text) => text is null ? "" : text.Length > 80 ? text[..80] + "…" : text;
}
