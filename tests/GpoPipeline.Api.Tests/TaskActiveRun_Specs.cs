using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A task's activeRunId is its run still going, as a submission sees it: a run cancelled (or stopped, or failed) after
/// it took the task is not one, although the task record keeps its id until a decision frees it. Before, the task
/// page said "Run in progress" and held "Re-optimize now" back for a cancelled run, while a submission went through.
/// </summary>
public sealed class TaskActiveRun_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        admin = api.Admin();
        await admin.CreateTaskAsync("nav", navigateExamples: 60);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData(RunStatus.Cancelled)]
    [InlineData(RunStatus.StoppedBudget)]
    [InlineData(RunStatus.Failed)]
    public async Task When_the_tasks_run_has_stopped_Should_show_no_active_run(RunStatus stopped)
    {
        var run = await admin.SubmitRunAsync("nav");
        await api.StoreRunAsync(run, RunStatus.Running, "nav");
        Assert.Equal(run, await ActiveRunAsync());

        await api.SetRunStatusAsync(run, stopped);

        Assert.Null(await ActiveRunAsync());
        var listed = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks");
        Assert.Equal(JsonValueKind.Null, listed.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "nav").GetProperty("activeRunId").ValueKind);
        // And a submission agrees: the task takes a new run.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode);
    }

    [Fact]
    public async Task When_a_stopped_run_was_resumed_and_the_scheduler_has_not_taken_it_up_yet_Should_hold_the_task()
    {
        var run = await admin.SubmitRunAsync("nav");
        await api.StoreRunAsync(run, RunStatus.Cancelled, "nav");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/v1/runs/{run}/resume", null)).StatusCode);

        // Still stored Cancelled until the scheduler takes up the ResumeRun: a submission now would run beside it.
        Assert.Equal(run, await ActiveRunAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode);
    }

    [Fact]
    public async Task When_the_run_is_submitted_and_not_started_yet_Should_show_it_active()
    {
        var run = await admin.SubmitRunAsync("nav");

        Assert.Equal(run, await ActiveRunAsync());
    }

    [Fact]
    public async Task When_a_submission_has_taken_the_task_and_not_stored_its_submission_yet_Should_hold_the_task()
    {
        // The moment between a submitter's compare-and-set on the task and its stored submission: the task names a run
        // that has neither a submission nor a run document yet.
        var store = api.Services.GetRequiredService<GpoPipeline.Trajectories.ControlPlane.ControlPlaneStore>();
        var task = (await store.GetTaskAsync("nav"))!;
        var taking = Guid.NewGuid();
        task.ActiveRunId = taking;
        task.ActiveRunTakenAt = DateTime.UtcNow;
        Assert.True(await store.TryUpdateTaskAsync(task));

        Assert.Equal(taking, await ActiveRunAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode);
    }

    [Fact]
    public async Task When_a_submitter_died_after_taking_the_task_and_before_storing_its_submission_Should_free_the_task_after_the_abandon_time()
    {
        var store = api.Services.GetRequiredService<GpoPipeline.Trajectories.ControlPlane.ControlPlaneStore>();
        var task = (await store.GetTaskAsync("nav"))!;
        task.ActiveRunId = Guid.NewGuid();
        task.ActiveRunTakenAt = DateTime.UtcNow - TimeSpan.FromDays(1);
        Assert.True(await store.TryUpdateTaskAsync(task));

        Assert.Null(await ActiveRunAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode);
    }

    private async Task<Guid?> ActiveRunAsync()
    {
        var task = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav");
        return task.GetProperty("activeRunId") is { ValueKind: JsonValueKind.String } id ? id.GetGuid() : null;
    }
}
