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
/// A resume follows the task's rules as a submission does: it takes the task's slot (409 naming the run in progress),
/// is refused when today's budget is spent (429), and the resumed run's end is decided again. Before, a resume ran beside the task's other run, and a run that failed,
/// was resumed and completed kept its "kept: the run failed" decision: its results were never considered.
/// </summary>
public sealed class ResumedRuns_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        admin = api.Admin();
        await admin.CreateTaskAsync("nav", navigateExamples: 60);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_a_run_is_resumed_while_another_run_of_its_task_is_in_progress_Should_answer_409_naming_that_run()
    {
        var cancelled = await admin.SubmitRunAsync("nav");
        await api.StoreRunAsync(cancelled, RunStatus.Cancelled, "nav");
        var running = await admin.SubmitRunAsync("nav");

        var detail = await Problems.AssertProblemAsync(await admin.PostAsync($"/v1/runs/{cancelled}/resume", null), HttpStatusCode.Conflict);

        Assert.Contains(running.ToString(), detail, StringComparison.Ordinal);
        Assert.Equal(running, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("activeRunId").GetGuid());
    }

    [Fact]
    public async Task When_a_failed_run_is_resumed_and_completes_Should_decide_its_results_again()
    {
        var runId = await admin.SubmitRunAsync("nav");
        await api.StoreRunAsync(runId, RunStatus.Failed, "nav");
        await api.PublishToDeciderAsync(new RunFailed { RunId = runId, Reason = "the store was away" });
        Assert.StartsWith("the run failed", (await DecisionsAboutAsync(runId)).Single().GetProperty("reason").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/v1/runs/{runId}/resume", null)).StatusCode);
        Assert.Equal(runId, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("activeRunId").GetGuid());
        await api.SetRunStatusAsync(runId, RunStatus.Completed); // as the scheduler stores the resumed run's end
        await api.PublishToDeciderAsync(new RunCompleted { RunId = runId, Status = "completed", BestPrompt = "p", BestDevScore = 0.5 });

        var decisions = await DecisionsAboutAsync(runId);
        Assert.Equal(2, decisions.Count);
        Assert.DoesNotContain("failed", decisions[^1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("activeRunId").ValueKind);
    }

    [Fact]
    public async Task When_a_run_is_resumed_after_its_task_spent_todays_budget_Should_answer_429_and_leave_the_task_and_run_as_they_were()
    {
        var created = await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "spent", policy = new { dailyMaxCalls = 10 } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/spent/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
        var runId = await admin.SubmitRunAsync("spent");
        await api.StoreRunAsync(runId, RunStatus.StoppedBudget, "spent");
        // Today's calls: the run spent the task's whole day before it stopped.
        await api.Services.GetRequiredService<IRunStore>().AddUsageOnceAsync(new UsageRecord { RunId = runId, Step = 1, Role = "task", Calls = 10 }, Guid.NewGuid());
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var taskBefore = (await store.GetTaskAsync("spent"))!.Version;

        var response = await admin.PostAsync($"/v1/runs/{runId}/resume", null);

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Contains("today's budget", detail, StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal(taskBefore, (await store.GetTaskAsync("spent"))!.Version); // the task's slot was not taken
        Assert.Equal(0, (await store.GetSubmissionAsync(runId))!.Resumes); // no attempt counted
        Assert.Equal(nameof(RunStatus.StoppedBudget), (await admin.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}")).GetProperty("status").GetString());
    }

    private async Task<List<JsonElement>> DecisionsAboutAsync(Guid runId)
    {
        var history = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/champions");
        return [.. history.GetProperty("decisions").EnumerateArray()
            .Where(d => d.TryGetProperty("runId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == runId)];
    }
}
