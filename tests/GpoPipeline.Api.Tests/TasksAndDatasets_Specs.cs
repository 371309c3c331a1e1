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

/// <summary>Tasks and immutable dataset versions: create, upload, append, limits, errors that name the line.</summary>
public sealed class TasksAndDatasets_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new(new Dictionary<string, string?>
    {
        ["ControlPlane:MaxBodyBytes"] = "65536", ["ControlPlane:MaxExamples"] = "300",
    });

    private HttpClient Admin => api.Admin();

    public async Task InitializeAsync() =>
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks", Jsonl.Json(new
        {
            name = "nav", initialPrompt = "Let's think step by step.", settings = new { steps = 2, candidates = 3 }, policy = new { alpha = 0.01 },
        }))).StatusCode);

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public void When_the_factory_asks_for_the_in_memory_bus_Should_not_touch_the_shared_broker()
    {
        Assert.Equal("loopback", api.Services.GetRequiredService<IBus>().Address.Scheme);
    }

    [Fact]
    public async Task When_a_task_is_created_Should_have_its_initial_prompt_as_champion_v1()
    {
        var task = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav");

        Assert.Equal(1, task.GetProperty("championVersion").GetInt32());
        Assert.Equal("Let's think step by step.", task.GetProperty("championPrompt").GetString());
        Assert.Equal(2, task.GetProperty("settings").GetProperty("steps").GetInt32());
        Assert.Equal(0.01, task.GetProperty("policy").GetProperty("alpha").GetDouble());
        var decisions = (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/champions")).GetProperty("decisions");
        Assert.Equal("initial", decisions[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task When_a_task_name_is_taken_or_invalid_Should_get_409_or_422()
    {
        await Problems.AssertProblemAsync(await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "nav" })), HttpStatusCode.Conflict);
        var detail = await Problems.AssertProblemAsync(await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "../etc" })), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("'name'", detail);
    }

    [Fact]
    public async Task When_a_field_has_the_wrong_type_Should_get_400_naming_its_path()
    {
        var response = await Admin.PostAsync("/v1/tasks", new StringContent("{\"name\":\"t2\",\"settings\":{\"steps\":\"many\"}}", Encoding.UTF8, "application/json"));

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("$.settings.steps", detail);
        Assert.Contains("must be a whole number", detail);
        Assert.DoesNotContain("System.", detail); // no .NET type names (the API audit saw TaskSettingsRequest and List`1[System.String])
    }

    [Theory]
    [InlineData("{\"name\":\"k\",\"scopes\":\"read\"}", "The value of field 'scopes' ($.scopes) must be a list of strings")]
    [InlineData("{\"name\":5,\"scopes\":[\"read\"]}", "The value of field 'name' ($.name) must be a string")]
    [InlineData("{\"name\":\"k\",\"scopes\":[\"read\"],\"bogus\":1}", "Unknown field 'bogus'")]
    [InlineData("null", "The request needs a JSON object body")]
    public async Task When_a_body_cannot_be_read_Should_say_which_field_and_what_it_expects_in_the_APIs_words(string body, string expected)
    {
        var response = await Admin.PostAsync("/v1/keys", new StringContent(body, Encoding.UTF8, "application/json"));

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("GpoPipeline.", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_dataset_is_uploaded_and_examples_appended_Should_make_immutable_versions()
    {
        var first = await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(100)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var appended = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(100).Take(20)));
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);

        var v1 = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/datasets/1");
        var v2 = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/datasets/2");
        Assert.Equal(100, v1.GetProperty("exampleCount").GetInt32());
        Assert.Equal(120, v2.GetProperty("exampleCount").GetInt32());
        Assert.Equal(20, v2.GetProperty("added").GetInt32());
        Assert.NotEqual(v1.GetProperty("sha256").GetString(), v2.GetProperty("sha256").GetString());
        var task = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav");
        Assert.Equal(2, task.GetProperty("datasetVersion").GetInt32());
    }

    [Fact]
    public async Task When_the_same_examples_are_sent_again_Should_count_them_once_and_write_no_new_version()
    {
        // A retried append doubled the data (30 → 60 → 90), and repeated held-out examples bent the McNemar n and p.
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(40)))).StatusCode);
        var batch = Jsonl.NavigateLines.Skip(40).Take(10).ToList();

        var first = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(batch));
        var retried = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(batch));
        var mixed = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body([.. batch.Take(3), .. Jsonl.NavigateLines.Skip(50).Take(2), Jsonl.NavigateLines[50]]));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var again = await retried.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 50, 0, 10), (again.GetProperty("version").GetInt32(), again.GetProperty("exampleCount").GetInt32(), again.GetProperty("added").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        Assert.Equal(HttpStatusCode.Created, mixed.StatusCode);
        var grown = await mixed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 52, 2, 4), (grown.GetProperty("version").GetInt32(), grown.GetProperty("exampleCount").GetInt32(), grown.GetProperty("added").GetInt32(), grown.GetProperty("duplicates").GetInt32()));
        var task = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav");
        Assert.Equal(3, task.GetProperty("datasetVersion").GetInt32());
    }

    [Fact]
    public async Task When_the_data_is_replaced_by_fewer_examples_than_the_last_run_used_Should_count_the_examples_appended_since_toward_the_data_trigger()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(120)))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode); // it used 120
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var task = (await store.GetTaskAsync("nav"))!;
        task.ActiveRunId = null; // as the decision about the run does
        Assert.True(await store.TryUpdateTaskAsync(task));
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsync("/v1/tasks/nav/policy", Jsonl.Json(new { reoptimizeEveryExamples = 30 }))).StatusCode);

        var appended = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(120).Take(40)));

        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        var started = (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("startedRunId");
        Assert.Equal(JsonValueKind.String, started.ValueKind);
        Assert.Equal("examples (+40 since the last run)", (await store.GetSubmissionAsync(started.GetGuid()))!.Trigger);
    }

    [Theory]
    [InlineData("/v1/tasks/nav/dataset", "{\"input\": \"  \", \"target\": \"Yes\"}", "dataset, line 3: field \"input\" is empty")]
    [InlineData("/v1/tasks/nav/dataset", "{\"input\": \"q\", \"target\": \"\"}", "dataset, line 3: field \"target\" is empty")]
    [InlineData("/v1/tasks/nav/dataset", "{\"input\": \"a\", \"input\": \"b\", \"target\": \"Yes\"}", "dataset, line 3: field \"input\" appears more than once")]
    [InlineData("/v1/tasks/nav/examples", "{\"input\": \"q\", \"target\": [\"Yes\", \"\\t\"]}", "examples, line 3: field \"target\" has an empty item (item 2)")]
    public async Task When_an_example_is_blank_or_has_a_field_twice_Should_get_422_naming_the_line_and_field(string path, string line, string expected)
    {
        var lines = Jsonl.NavigateLines.Take(30).ToList();
        lines[2] = line;

        var detail = await Problems.AssertProblemAsync(
            path.EndsWith("dataset", StringComparison.Ordinal) ? await Admin.PutAsync(path, Jsonl.Body(lines)) : await Admin.PostAsync(path, Jsonl.Body(lines)),
            HttpStatusCode.UnprocessableEntity);

        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Null(await api.Services.GetRequiredService<ControlPlaneStore>().GetDatasetVersionAsync("nav", 1));
    }

    [Fact]
    public async Task When_a_line_is_not_valid_utf8_Should_get_400_naming_the_line_and_byte()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', Jsonl.NavigateLines.Take(3)) + "\n").ToList();
        bytes.AddRange([.. "{\"input\": \"caf"u8, 0xE9, .. "\", \"target\": \"Yes\"}\n"u8]);
        using var content = new ByteArrayContent([.. bytes]);
        content.Headers.ContentType = new("application/jsonl");

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", content), HttpStatusCode.BadRequest);

        Assert.StartsWith("dataset, line 4: not valid UTF-8 text (byte 15 of the line", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_dataset_is_uploaded_as_utf16_with_a_byte_order_mark_Should_store_the_examples_the_utf8_upload_has()
    {
        // What Windows Notepad and PowerShell's ">" save: the upload was refused with "expected the file saved as UTF-8".
        var lines = Jsonl.NavigateLines.Take(30).ToList();
        using var content = new ByteArrayContent([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(string.Join("\r\n", lines) + "\r\n")]);
        content.Headers.ContentType = new("application/jsonl");

        var uploaded = await Admin.PutAsync("/v1/tasks/nav/dataset", content);

        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var sentAgain = await (await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(lines))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((30, 0, 30), (sentAgain.GetProperty("exampleCount").GetInt32(), sentAgain.GetProperty("added").GetInt32(), sentAgain.GetProperty("duplicates").GetInt32()));
    }

    [Theory]
    [InlineData("steps")]
    [InlineData("epochs")]
    public async Task When_steps_or_epochs_are_within_the_schedulers_limit_Should_be_accepted_and_above_it_refused_naming_it(string field)
    {
        // The API kept its own smaller limits (steps ≤ 100, epochs ≤ 20) beside the scheduler's RunSettingsParser.MaxSteps.
        var limit = DecayScheduler.RunSettingsParser.MaxSteps;
        var fits = await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "fits", settings = new Dictionary<string, int> { [field] = limit } }));
        var over = await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "over", settings = new Dictionary<string, int> { [field] = limit + 1 } }));

        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        var detail = await Problems.AssertProblemAsync(over, HttpStatusCode.UnprocessableEntity);
        Assert.Equal($"Field 'settings.{field}' must be between 1 and {limit} (got {limit + 1}).", detail);
    }

    [Theory]
    [InlineData("maxDevExamples", 100_001, true)]
    [InlineData("maxDevExamples", int.MaxValue, true)]
    [InlineData("maxDevExamples", RunSettingsParser.MinExampleLimit, true)]
    [InlineData("maxDevExamples", 0, false)]
    [InlineData("maxTestExamples", 100_001, true)]
    [InlineData("maxTestExamples", -1, false)]
    [InlineData("seed", -1, true)]
    [InlineData("seed", int.MinValue, true)]
    [InlineData("seed", int.MaxValue, true)]
    public async Task When_a_setting_is_one_the_scheduler_takes_Should_be_accepted_on_create_and_put_and_one_it_refuses_get_422_naming_field_and_range(
        string field, int value, bool schedulerTakes)
    {
        // The API refused dev/test limits over 100,000 and seeds below 0, which the scheduler (RunSettingsParser) runs.
        Assert.Equal(schedulerTakes, SchedulerTakes(field, value));
        var settings = new Dictionary<string, int> { [field] = value };

        var created = await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "limits", settings }));
        var put = await Admin.PutAsync("/v1/tasks/nav/settings", Jsonl.Json(settings));

        if (schedulerTakes)
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal(value, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/limits")).GetProperty("settings").GetProperty(field).GetInt32());
            Assert.Equal(value, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("settings").GetProperty(field).GetInt32());
        }
        else
        {
            var expected = $"Field 'settings.{field}' must be at least {RunSettingsParser.MinExampleLimit} (got {value}).";
            Assert.Equal(expected, await Problems.AssertProblemAsync(created, HttpStatusCode.UnprocessableEntity));
            Assert.Equal(expected, await Problems.AssertProblemAsync(put, HttpStatusCode.UnprocessableEntity));
        }
    }

    [Theory]
    [InlineData("steps", 1_001, "Field 'steps' must be 1–1000 (got 1001).")]
    [InlineData("candidates", 65, "Field 'candidates' must be 1–64 (got 65).")]
    public async Task When_a_run_overrides_a_setting_beyond_the_schedulers_limit_Should_get_422_naming_that_limit(string field, int value, string expected)
    {
        // The run overrides kept another, smaller copy (steps ≤ 100) of the scheduler's limits.

        var over = await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new Dictionary<string, int> { [field] = value }));

        Assert.Equal(expected, await Problems.AssertProblemAsync(over, HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task When_a_dataset_makes_the_tasks_runs_longer_than_the_step_limit_Should_get_422_naming_the_settings_and_limit()
    {
        // Accepted, and every run of the task then failed at start (RunPlanner's total-steps check).
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "long", settings = new { epochs = 400, batchSize = 1 } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "fixed", settings = new { epochs = 400, batchSize = 1, steps = 5 } }))).StatusCode);

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/long/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(30))), HttpStatusCode.UnprocessableEntity);
        var fixedSteps = await Admin.PutAsync("/v1/tasks/fixed/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(30)));

        Assert.Contains("settings.epochs 400", detail, StringComparison.Ordinal);
        Assert.Contains("settings.batchSize 1", detail, StringComparison.Ordinal);
        Assert.Contains($"at most {DecayScheduler.RunSettingsParser.MaxSteps:N0} steps", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, fixedSteps.StatusCode);
    }

    /// <summary>Whether the scheduler starts a run with this setting (RunPlanner parses every run's settings with RunSettingsParser).</summary>
    private static bool SchedulerTakes(string field, int value)
    {
        var settings = new RunSettings { DataPath = "data", InitialPrompt = "Let's think step by step." };
        settings = field switch
        {
            "maxDevExamples" => settings with { MaxDevExamples = value },
            "maxTestExamples" => settings with { MaxTestExamples = value },
            "seed" => settings with { Seed = value },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };
        try
        {
            RunSettingsParser.Parse(settings, Tasks.TaskSettingsValidator.MaxPromptLength);
            return true;
        }
        catch (RunConfigurationException)
        {
            return false;
        }
    }

    [Fact]
    public async Task When_a_line_is_bad_Should_get_422_naming_the_line_and_store_nothing()
    {
        var lines = Jsonl.NavigateLines.Take(30).ToList();
        lines[2] = "{\"input\": \"q\", \"target\": true}";

        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(lines)), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("line 3", detail);
        Assert.Contains("target", detail);
        Assert.Null(await api.Services.GetRequiredService<ControlPlaneStore>().GetDatasetVersionAsync("nav", 1));
    }

    [Theory]
    [InlineData("POST", "/v1/tasks")]
    [InlineData("POST", "/v1/tasks/nav/runs")]
    [InlineData("POST", "/v1/keys")]
    public async Task When_a_json_body_is_over_the_body_limit_Should_get_413_naming_the_setting(string method, string path)
    {
        // The JSON endpoints took the server's default (30 MB) instead of ControlPlane:MaxBodyBytes (64 KB here).
        var huge = Jsonl.Json(new { name = "big", initialPrompt = new string('x', 70_000) });
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = huge };

        var detail = await Problems.AssertProblemAsync(await Admin.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("ControlPlane:MaxBodyBytes", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_body_or_the_example_count_is_over_the_limit_Should_get_413_or_422()
    {
        var huge = new string('x', 70_000);
        await Problems.AssertProblemAsync(
            await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body([$"{{\"input\":\"{huge}\",\"target\":\"a\"}}"])), HttpStatusCode.RequestEntityTooLarge);

        var many = Enumerable.Range(0, 301).Select(i => $"{{\"input\":\"q{i}\",\"target\":\"a\"}}");
        var detail = await Problems.AssertProblemAsync(await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(many)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("limit is 300", detail);
    }

    [Fact]
    public async Task When_requests_are_refused_or_unreadable_Should_answer_a_problem_without_logging_a_server_error()
    {
        // Each 4xx was logged by the exception handler as an unhandled error with its stack trace.
        await Problems.AssertProblemAsync(await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "../etc" })), HttpStatusCode.UnprocessableEntity);
        await Problems.AssertProblemAsync(await Admin.PostAsync("/v1/tasks", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        await Problems.AssertProblemAsync(await Admin.GetAsync("/v1/tasks/no-such-task"), HttpStatusCode.NotFound);

        lock (api.Logs)
        {
            Assert.DoesNotContain(api.Logs, line => line.Contains("ExceptionHandlerMiddleware", StringComparison.Ordinal));
            Assert.DoesNotContain(api.Logs, line => line.Contains("   at ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task When_a_run_id_is_not_a_UUID_Should_get_400_saying_so_not_a_bare_404()
    {
        var get = await Problems.AssertProblemAsync(await Admin.GetAsync("/v1/runs/nosuch"), HttpStatusCode.BadRequest);
        var cancel = await Problems.AssertProblemAsync(await Admin.PostAsync("/v1/runs/nosuch/cancel", null), HttpStatusCode.BadRequest);
        var unknownAction = await Problems.AssertProblemAsync(await Admin.GetAsync($"/v1/runs/{Guid.NewGuid()}/bogus"), HttpStatusCode.NotFound);

        Assert.Contains("Run id 'nosuch' is not a UUID", get);
        Assert.Contains("Run id 'nosuch' is not a UUID", cancel);
        Assert.Contains("A run has no 'bogus'", unknownAction);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/v1/runs")).StatusCode); // the list is not taken for an id
    }

    [Fact]
    public async Task When_a_run_is_submitted_before_any_data_Should_get_409()
    {
        var detail = await Problems.AssertProblemAsync(await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { })), HttpStatusCode.Conflict);
        Assert.Contains("upload a dataset", detail);
    }

    [Fact]
    public async Task When_a_run_is_in_progress_Should_refuse_a_second_one_for_the_task()
    {
        await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)));
        var first = await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);

        // No scheduler consumes StartRun on this bus, so the run stays submitted: a second one is refused.
        var detail = await Problems.AssertProblemAsync(await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { })), HttpStatusCode.Conflict);
        Assert.Contains("at most one optimization per task", detail);
        var runs = await Admin.GetFromJsonAsync<JsonElement>("/v1/runs?task=nav");
        Assert.Equal(1, runs.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task When_a_dataset_version_is_written_for_a_run_Should_split_by_input_hash_so_test_examples_stay_held_out()
    {
        await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)));
        await Admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        var folder = Directory.GetDirectories(Path.Combine(api.Folder, "datasets", "nav")).Single();

        var test = File.ReadAllLines(Path.Combine(folder, "test.jsonl"));
        var dev = File.ReadAllLines(Path.Combine(folder, "dev.jsonl"));
        var train = File.ReadAllLines(Path.Combine(folder, "train.jsonl"));
        Assert.Equal(60, test.Length + dev.Length + train.Length);
        Assert.Empty(test.Intersect(dev).Concat(test.Intersect(train)));
        Assert.All(test, line => Assert.Equal(Datasets.HeldOutSplit.Test,
            Datasets.HeldOutSplit.Of(JsonDocument.Parse(line).RootElement.GetProperty("input").GetString()!)));
    }
}
