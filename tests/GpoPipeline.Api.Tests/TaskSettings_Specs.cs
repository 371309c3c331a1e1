using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// PUT /v1/tasks/{task}/settings: a task's run settings change without a new task (they could only be set at
/// creation, so a task whose data made its runs too long, or that wanted more steps, had to be made again).
/// </summary>
public sealed class TaskSettings_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new(new Dictionary<string, string?> { ["ControlPlane:RequestsPerMinute"] = "1000" });
    private readonly List<StartRun> started = [];

    private HttpClient Admin => api.Admin();

    public async Task InitializeAsync()
    {
        // Nothing runs the StartRuns on this bus; this endpoint only keeps what each submitted run was sent.
        var handle = api.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint("task-settings-specs", endpoint =>
            endpoint.Handler<StartRun>(context =>
            {
                lock (started)
                {
                    started.Add(context.Message);
                }

                return Task.CompletedTask;
            }));
        await handle.Ready;
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks", Jsonl.Json(new
        {
            name = "nav", initialPrompt = "Count the steps.", settings = new { steps = 2, candidates = 3, seed = 5 }, policy = new { alpha = 0.01 },
        }))).StatusCode);
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_settings_are_put_during_a_run_Should_answer_the_task_as_GET_does_and_apply_to_the_runs_submitted_after()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
        var first = await SubmitAsync();

        var put = await Admin.PutAsync("/v1/tasks/nav/settings", Jsonl.Json(new { steps = 5, candidates = 4, batchSize = 6, maxTestExamples = 200_000, seed = -3, taskModel = "m2" }));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var answered = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).ToString(), answered.ToString());
        var settings = answered.GetProperty("settings");
        Assert.Equal((5, 4, 6, 200_000, -3, "m2"), (settings.GetProperty("steps").GetInt32(), settings.GetProperty("candidates").GetInt32(),
            settings.GetProperty("batchSize").GetInt32(), settings.GetProperty("maxTestExamples").GetInt32(), settings.GetProperty("seed").GetInt32(),
            settings.GetProperty("taskModel").GetString()));
        Assert.Equal(JsonValueKind.Null, settings.GetProperty("maxDevExamples").ValueKind); // left out: its default, as at creation
        Assert.Equal(0.01, answered.GetProperty("policy").GetProperty("alpha").GetDouble()); // the policy is not touched
        Assert.Equal(first, answered.GetProperty("activeRunId").GetGuid());

        // The run in flight keeps the settings it was started with; the next run gets the new ones (and the same champion).
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var task = (await store.GetTaskAsync("nav"))!;
        task.ActiveRunId = null; // as the decision about the first run does
        Assert.True(await store.TryUpdateTaskAsync(task));
        var second = await SubmitAsync();
        var (before, after) = (await StartedAsync(first), await StartedAsync(second));
        Assert.Equal((2, 3, 8, null, 5, null), (before.Steps, before.Candidates, before.BatchSize, before.MaxTestExamples, before.Seed, before.TaskModel));
        Assert.Equal((5, 4, 6, 200_000, -3, "m2"), (after.Steps, after.Candidates, after.BatchSize, after.MaxTestExamples, after.Seed, after.TaskModel));
        Assert.Equal("Count the steps.", after.InitialPrompt);
    }

    [Fact]
    public async Task When_the_task_does_not_exist_Should_get_a_404_problem()
    {
        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/none-such/settings", Jsonl.Json(new { steps = 3 })), HttpStatusCode.NotFound);

        Assert.Contains("Task 'none-such' does not exist", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"steps\":0}", "Field 'settings.steps' must be between 1 and 1000 (got 0).")]
    [InlineData("{\"epochs\":1001}", "Field 'settings.epochs' must be between 1 and 1000 (got 1001).")]
    [InlineData("{\"candidates\":65}", "Field 'settings.candidates' must be between 1 and 64 (got 65).")]
    [InlineData("{\"batchSize\":0}", "Field 'settings.batchSize' must be between 1 and 1000 (got 0).")]
    [InlineData("{\"maxDevExamples\":0}", "Field 'settings.maxDevExamples' must be at least 1 (got 0).")]
    [InlineData("{\"maxTestExamples\":-4}", "Field 'settings.maxTestExamples' must be at least 1 (got -4).")]
    [InlineData("{\"maxCost\":-1}", "Field 'settings.maxCost' must be a positive number when set (got -1).")]
    [InlineData("{\"schedule\":\"zigzag\"}", "Field 'settings.schedule': Schedule 'zigzag' is not valid")]
    [InlineData("{\"taskModel\":\"\"}", "Field 'settings.taskModel' must be 1–200 printable characters.")]
    public async Task When_a_value_is_out_of_range_Should_get_the_422_creation_gives_and_keep_the_settings(string body, string expected)
    {
        var before = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).ToString();

        var put = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/settings", Json(body)), HttpStatusCode.UnprocessableEntity);
        var created = await Problems.AssertProblemAsync(await Admin.PostAsync("/v1/tasks", Json($"{{\"name\":\"other\",\"settings\":{body}}}")), HttpStatusCode.UnprocessableEntity);

        Assert.StartsWith(expected, put, StringComparison.Ordinal);
        Assert.Equal(created, put); // one validator for both
        Assert.Equal(before, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).ToString());
    }

    [Theory]
    [InlineData("{\"steps\":\"many\"}", "$.steps")]
    [InlineData("{\"seed\":3000000000}", "$.seed")]
    [InlineData("[]", "must be an object")]
    public async Task When_the_body_cannot_be_read_Should_get_a_400_naming_the_path(string body, string expected)
    {
        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/settings", Json(body)), HttpStatusCode.BadRequest);

        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_an_upload_was_refused_for_the_step_limit_Should_take_it_after_the_settings_are_put_and_refuse_settings_that_exceed_it_the_same_way()
    {
        // The user's way out of the upload's refusal: it was a new task; now it is new settings.
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "long", settings = new { epochs = 400, batchSize = 1 } }))).StatusCode);
        var refusedUpload = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/long/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(30))), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsync("/v1/tasks/long/settings", Jsonl.Json(new { epochs = 400, batchSize = 1, steps = 50 }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/long/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(30)))).StatusCode);

        // With that data, settings whose runs would exceed the limit are refused with the upload's own words.
        var refusedSettings = await Problems.AssertProblemAsync(
            await Admin.PutAsync("/v1/tasks/long/settings", Jsonl.Json(new { epochs = 400, batchSize = 1 })), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(refusedUpload, refusedSettings);
        Assert.Contains($"at most {RunSettingsParser.MaxSteps:N0} steps", refusedSettings, StringComparison.Ordinal);
        Assert.Contains("PUT /v1/tasks/{task}/settings", refusedSettings, StringComparison.Ordinal);
        Assert.Equal(50, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/long")).GetProperty("settings").GetProperty("steps").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsync("/v1/tasks/long/settings", Jsonl.Json(new { epochs = 20, batchSize = 1 }))).StatusCode); // fits
    }

    [Fact]
    public async Task When_the_prompt_position_would_change_Should_get_422_naming_it_since_the_champion_is_served_there()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "begin", settings = new { promptPosition = "Q_begin" } }))).StatusCode);

        var leftOut = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/begin/settings", Jsonl.Json(new { steps = 4 })), HttpStatusCode.UnprocessableEntity);
        var kept = await Admin.PutAsync("/v1/tasks/begin/settings", Jsonl.Json(new { steps = 4, promptPosition = "q-begin" }));

        Assert.StartsWith("Field 'settings.promptPosition' cannot change from 'Q_begin' to 'Q_end'", leftOut, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        var settings = (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("settings");
        Assert.Equal(4, settings.GetProperty("steps").GetInt32());
        Assert.Equal("Q_begin", settings.GetProperty("promptPosition").GetString()); // stored by its one name, not as "q-begin"
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/v1/tasks/begin/prompt")).StatusCode);
    }

    [Fact]
    public async Task When_a_key_may_only_read_Should_get_403_and_change_nothing()
    {
        var created = await Admin.PostAsync("/v1/keys", Jsonl.Json(new { name = "reader", scopes = new[] { "read" } }));
        var reader = api.ClientWith((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());

        await Problems.AssertProblemAsync(await reader.PutAsync("/v1/tasks/nav/settings", Jsonl.Json(new { steps = 9 })), HttpStatusCode.Forbidden);

        Assert.Equal(2, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("settings").GetProperty("steps").GetInt32());
    }

    private async Task<Guid> SubmitAsync()
    {
        var response = await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<RunSettings> StartedAsync(Guid runId)
    {
        for (var wait = 0; wait < 100; wait++)
        {
            lock (started)
            {
                if (started.FirstOrDefault(s => s.RunId == runId) is { } start)
                {
                    return start.Settings;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No StartRun for run {runId} arrived.");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
