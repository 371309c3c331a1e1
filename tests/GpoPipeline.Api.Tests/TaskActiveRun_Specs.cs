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
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "nav" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData(RunStatus.Cancelled)]
    [InlineData(RunStatus.StoppedBudget)]
    [InlineData(RunStatus.Failed)]
    public async Task When_the_tasks_run_has_stopped_Should_show_no_active_run(RunStatus stopped)
    {
        var run = await SubmitAsync();
        await StoreRunAsync(run, RunStatus.Running);
        Assert.Equal(run, await ActiveRunAsync());

        await SetStatusAsync(run, stopped);

        Assert.Null(await ActiveRunAsync());
        var listed = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks");
        Assert.Equal(JsonValueKind.Null, listed.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "nav").GetProperty("activeRunId").ValueKind);
        // And a submission agrees: the task takes a new run.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode);
    }

    [Fact]
    public async Task When_the_run_is_submitted_and_not_started_yet_Should_show_it_active()
    {
        var run = await SubmitAsync();

        Assert.Equal(run, await ActiveRunAsync());
    }

    private async Task<Guid?> ActiveRunAsync()
    {
        var task = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav");
        return task.GetProperty("activeRunId") is { ValueKind: JsonValueKind.String } id ? id.GetGuid() : null;
    }

    private async Task<Guid> SubmitAsync()
    {
        var submitted = await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task StoreRunAsync(Guid runId, RunStatus status)
    {
        var now = DateTime.UtcNow;
        Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(new RunRecord
        {
            Id = runId, Settings = new RunSettings { DataPath = "x" }, Status = status, Task = "nav", CurrentStep = 1, TotalSteps = 5,
            CreatedAt = now, UpdatedAt = now,
        }));
    }

    private async Task SetStatusAsync(Guid runId, RunStatus status)
    {
        var runs = api.Services.GetRequiredService<IRunStore>();
        var run = (await runs.GetRunAsync(runId))!;
        run.Status = status;
        Assert.True(await runs.TryUpdateRunAsync(run));
    }
}
