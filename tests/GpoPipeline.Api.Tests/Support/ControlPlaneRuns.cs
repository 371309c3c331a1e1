using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>A task's run as the specs set it up: submitted through the API, then stored and moved as the scheduler would.</summary>
public static class ControlPlaneRuns
{
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
