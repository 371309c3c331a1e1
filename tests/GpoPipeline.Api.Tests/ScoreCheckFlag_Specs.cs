using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// GET /v1/runs/{id} says whether a run is a score check (`scoreCheck`), as its submission records it. The web
/// dashboard read that from `totalSteps == 0`, which every run the scheduler has not created answers too (submitted,
/// or whose start failed): such an optimization was shown as a score check.
/// </summary>
public sealed class ScoreCheckFlag_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_an_optimization_and_a_score_check_are_submitted_and_not_started_Should_flag_only_the_score_check()
    {
        // No scheduler consumes the in-memory bus here: both runs stay submitted, with no run document and 0 total steps.
        var admin = api.Admin();
        await TaskAsync(admin, "optimized", policy: null);
        await TaskAsync(admin, "checked", policy: new { scoreDropThreshold = 10, scoreDropExamples = 20 });
        var submitted = await admin.PostAsync("/v1/tasks/optimized/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var appended = await admin.PostAsync("/v1/tasks/checked/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(60).Take(20)));
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);

        var optimization = await RunAsync((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        var check = await RunAsync((await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scoreCheckRunId").GetGuid());

        Assert.Equal(("Submitted", 0, false), Shown(optimization));
        Assert.Equal(("Submitted", 0, true), Shown(check));
    }

    [Theory]
    [InlineData(false, "failed start")]
    [InlineData(true, "failed start")]
    [InlineData(false, "run recorded")]
    [InlineData(true, "run recorded")]
    public async Task When_a_run_failed_to_start_or_was_recorded_by_the_scheduler_Should_flag_it_as_its_submission_does(bool scoreCheck, string state)
    {
        var id = Guid.NewGuid();
        var submission = new SubmissionRecord { RunId = id, Task = "t1", Trigger = "manual", SubmittedAt = DateTime.UtcNow, ScoreCheck = scoreCheck };
        if (state == "failed start")
        {
            submission.StartFailure = "the control plane could not publish the StartRun (InvalidOperationException: the broker is unreachable)";
        }

        Assert.True(await api.Services.GetRequiredService<ControlPlaneStore>().TryAddSubmissionAsync(submission));
        if (state == "run recorded")
        {
            var run = new RunRecord
            {
                Id = id, Task = "t1", Status = RunStatus.Completed, CurrentStep = 1, TotalSteps = scoreCheck ? 0 : 3,
                Settings = new RunSettings { DataPath = "" }, CreatedAt = DateTime.UtcNow,
            };
            Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(run));
        }

        var shown = await RunAsync(id);

        Assert.Equal(scoreCheck, shown.GetProperty("scoreCheck").GetBoolean());
    }

    private static async Task TaskAsync(HttpClient admin, string name, object? policy)
    {
        object task = policy is null ? new { name } : new { name, policy };
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks", Jsonl.Json(task))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/v1/tasks/{name}/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
    }

    private async Task<JsonElement> RunAsync(Guid id)
    {
        var response = await api.Admin().GetAsync($"/v1/runs/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static (string Status, int TotalSteps, bool ScoreCheck) Shown(JsonElement run) =>
        (run.GetProperty("status").GetString()!, run.GetProperty("totalSteps").GetInt32(), run.GetProperty("scoreCheck").GetBoolean());
}
