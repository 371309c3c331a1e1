using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Api.Triggers;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// What the last automatic trigger did is on the task (GET /v1/tasks/{task}, the task list): the run it started, or
/// why it started none. No scheduler consumes StartRun on the in-memory bus, so a run started here stays in progress.
/// </summary>
public sealed class LastTrigger_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    private HttpClient Admin => api.Admin();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_a_due_tick_finds_a_run_in_progress_Should_show_the_skipped_tick_and_why_on_the_task()
    {
        await CreateTaskAsync(new { cron = "0 3 * * *" });
        var manual = await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, manual.StatusCode);
        var tick = DateTime.UtcNow.Date.AddDays(1).AddHours(3);

        Assert.Empty(await api.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(tick.AddSeconds(30), CancellationToken.None));

        var last = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger");
        Assert.Equal($"schedule ({tick:yyyy-MM-ddTHH:mm}Z)", last.GetProperty("trigger").GetString());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("runId").ValueKind);
        Assert.Contains("already has run", last.GetProperty("skipReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(tick.AddSeconds(30), last.GetProperty("at").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task When_a_due_tick_starts_a_run_Should_show_the_run_on_the_task_and_in_the_task_list()
    {
        await CreateTaskAsync(new { cron = "0 3 * * *" });
        var tick = DateTime.UtcNow.Date.AddDays(1).AddHours(3);

        var started = Assert.Single(await api.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(tick.AddSeconds(30), CancellationToken.None));

        var listed = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks")).EnumerateArray().Single(t => t.GetProperty("name").GetString() == "nav");
        foreach (var last in new[] { listed.GetProperty("lastTrigger"), (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger") })
        {
            Assert.Equal($"schedule ({tick:yyyy-MM-ddTHH:mm}Z)", last.GetProperty("trigger").GetString());
            Assert.Equal(started, last.GetProperty("runId").GetGuid());
            Assert.Equal(JsonValueKind.Null, last.GetProperty("skipReason").ValueKind);
        }
    }

    [Fact]
    public async Task When_the_data_trigger_is_reached_while_a_run_is_in_progress_Should_show_the_postponement_but_not_appends_below_the_count()
    {
        await CreateTaskAsync(new { reoptimizeEveryExamples = 30 });
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode); // it used 60

        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(60).Take(10)))).StatusCode);
        Assert.Equal(JsonValueKind.Null, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger").ValueKind);
        var appended = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(70).Take(30)));

        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("startedRunId").ValueKind);
        var last = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger");
        Assert.Equal("examples (+40 since the last run)", last.GetProperty("trigger").GetString());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("runId").ValueKind);
        Assert.Contains("already has run", last.GetProperty("skipReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_data_trigger_is_postponed_on_a_task_with_a_score_check_Should_keep_the_postponement_on_the_task()
    {
        // The score check, refused for the same run in progress, used to replace the postponed re-optimization.
        await CreateTaskAsync(new { reoptimizeEveryExamples = 30, scoreDropThreshold = 10 });
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode);

        var appended = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(60).Take(40)));

        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scoreCheckRunId").ValueKind);
        var last = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger");
        Assert.Equal("examples (+40 since the last run)", last.GetProperty("trigger").GetString());
        Assert.Contains("already has run", last.GetProperty("skipReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_data_trigger_starts_a_run_Should_show_that_run_on_the_task()
    {
        await CreateTaskAsync(new { reoptimizeEveryExamples = 30 });

        var appended = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(60).Take(40)));

        var started = (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("startedRunId").GetGuid();
        var last = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger");
        Assert.Equal("examples (+100 since the last run)", last.GetProperty("trigger").GetString());
        Assert.Equal(started, last.GetProperty("runId").GetGuid());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("skipReason").ValueKind);
    }

    [Fact]
    public async Task When_a_score_check_cannot_start_or_starts_Should_show_it_on_the_task_as_the_other_triggers()
    {
        // The score-drop trigger only logged a check (or its re-optimization) it could not start.
        await CreateTaskAsync(new { scoreDropThreshold = 10 });
        var manual = await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, manual.StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(60).Take(10)))).StatusCode);

        var skipped = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger");
        Assert.Equal("score check (+10 examples)", skipped.GetProperty("trigger").GetString());
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("runId").ValueKind);
        Assert.Contains("already has run", skipped.GetProperty("skipReason").GetString(), StringComparison.Ordinal);

        await CreateTaskAsync(new { scoreDropThreshold = 10 }, "other");
        var appended = await Admin.PostAsync("/v1/tasks/other/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(60).Take(10)));
        var check = (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scoreCheckRunId").GetGuid();
        var started = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/other")).GetProperty("lastTrigger");
        Assert.Equal(check, started.GetProperty("runId").GetGuid());
    }

    private async Task CreateTaskAsync(object policy, string name = "nav")
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name, policy }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync($"/v1/tasks/{name}/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
    }
}
