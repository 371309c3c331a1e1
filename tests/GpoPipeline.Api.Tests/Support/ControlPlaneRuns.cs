using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>A task and its run as the specs set them up: submitted through the API, then stored and moved as the scheduler would.</summary>
public static class ControlPlaneRuns
{
    /// <summary>POST /v1/tasks: creates task <paramref name="task"/>; then, when <paramref name="navigateExamples"/> is
    /// above zero, PUT /v1/tasks/{task}/dataset with that many of the navigate task's examples.</summary>
    public static async Task CreateTaskAsync(this HttpClient admin, string task, int navigateExamples = 0)
    {
        ArgumentNullException.ThrowIfNull(admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = task }))).StatusCode);
        if (navigateExamples > 0)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/v1/tasks/{task}/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(navigateExamples)))).StatusCode);
        }
    }

    /// <summary>POST /v1/tasks/{task}/runs; the run's id.</summary>
    public static async Task<Guid> SubmitRunAsync(this HttpClient client, string task)
    {
        ArgumentNullException.ThrowIfNull(client);
        var submitted = await client.PostAsync($"/v1/tasks/{task}/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The run document the scheduler would create for a submitted run, at step 1 of 5.</summary>
    public static async Task StoreRunAsync(this ApiFactory api, Guid runId, RunStatus status, string task)
    {
        ArgumentNullException.ThrowIfNull(api);
        var now = DateTime.UtcNow;
        Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(new RunRecord
        {
            Id = runId, Settings = new RunSettings { DataPath = "x" }, Status = status, Task = task, CurrentStep = 1, TotalSteps = 5,
            CreatedAt = now, UpdatedAt = now,
        }));
    }

    /// <summary>The stored run's status changed, as the scheduler stores a run's end.</summary>
    public static async Task SetRunStatusAsync(this ApiFactory api, Guid runId, RunStatus status)
    {
        ArgumentNullException.ThrowIfNull(api);
        var runs = api.Services.GetRequiredService<IRunStore>();
        var run = (await runs.GetRunAsync(runId))!;
        run.Status = status;
        Assert.True(await runs.TryUpdateRunAsync(run));
    }
}
