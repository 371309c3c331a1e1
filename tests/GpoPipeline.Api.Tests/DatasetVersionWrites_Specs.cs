using GpoPipeline.Api.Dashboard;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api.Datasets;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Tests;

using Answer = (GpoPipeline.Trajectories.ControlPlane.TaskRecord Task, GpoPipeline.Trajectories.ControlPlane.DatasetVersionRecord Version, int Duplicates, bool NewData);

/// <summary>
/// A dataset upload writes the version, then moves the task to it: two writes. Neither a writer that stopped between
/// them nor another change to the task between them may leave the task unable to take uploads.
/// </summary>
public sealed class DatasetVersionWrites_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();
    private readonly string folder = Directory.CreateTempSubdirectory("gpo-dataset-writes-").FullName;

    private LiteDbControlPlaneDatabase? own;

    private HttpClient Admin => api.Admin();

    public async Task InitializeAsync() =>
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "nav", settings = new { steps = 2 } }))).StatusCode);

    public async Task DisposeAsync()
    {
        own?.Dispose();
        await api.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task When_an_upload_stopped_after_writing_its_version_Should_let_the_next_upload_take_that_version_in()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(100)))).StatusCode);
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var v1 = (await store.GetDatasetVersionAsync("nav", 1))!;
        // What a process that died between the two writes leaves: version 2 stored, the task still at version 1.
        await StoreLeftBehindVersionAsync(store, v1, Jsonl.NavigateLines.Skip(100).Take(10));

        var appended = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(110).Take(20)));

        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        var task = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav");
        Assert.Equal(3, task.GetProperty("datasetVersion").GetInt32());
        Assert.Equal(130, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/datasets/3")).GetProperty("exampleCount").GetInt32());
    }

    [Fact]
    public async Task When_an_append_is_retried_after_its_task_write_failed_Should_answer_and_trigger_it_as_new_data()
    {
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsync("/v1/tasks/nav/policy", Jsonl.Json(new { reoptimizeEveryExamples = 10 }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(100)))).StatusCode);
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var v1 = (await store.GetDatasetVersionAsync("nav", 1))!;
        // The first attempt of the append stored version 2 with its 20 examples, then failed to move the task there.
        var sent = Jsonl.NavigateLines.Skip(100).Take(20).ToList();
        await StoreLeftBehindVersionAsync(store, v1, sent, added: 20);

        var retried = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(sent));

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var answer = await retried.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 20, 0), (answer.GetProperty("version").GetInt32(), answer.GetProperty("added").GetInt32(), answer.GetProperty("duplicates").GetInt32()));
        var started = answer.GetProperty("startedRunId").GetGuid();
        Assert.Equal(started, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("activeRunId").GetGuid());
    }

    [Fact]
    public async Task When_settings_do_not_fit_a_version_the_next_upload_takes_in_Should_refuse_them_naming_it_and_keep_uploads_working()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(30)))).StatusCode);
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var v1 = (await store.GetDatasetVersionAsync("nav", 1))!;
        await StoreLeftBehindVersionAsync(store, v1, Jsonl.NavigateLines.Skip(30).Take(200));

        // 60 epochs of single examples fit version 1's few training examples, not version 2's.
        var refused = await Problems.AssertProblemAsync(
            await Admin.PutAsync("/v1/tasks/nav/settings", Jsonl.Json(new { epochs = 60, batchSize = 1 })), HttpStatusCode.UnprocessableEntity);

        Assert.StartsWith("Dataset version 2 is stored by an upload that has not moved the task to it yet", refused, StringComparison.Ordinal);
        Assert.Equal(2, (await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("settings").GetProperty("steps").GetInt32());
        var appended = await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(230).Take(5)));
        Assert.True(appended.StatusCode == HttpStatusCode.Created, await appended.Content.ReadAsStringAsync());
        Assert.Equal(3, (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task When_the_settings_no_longer_fit_a_version_an_unfinished_upload_stored_Should_still_take_a_replacing_upload_of_less_data()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(30)))).StatusCode);
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var v1 = (await store.GetDatasetVersionAsync("nav", 1))!;
        await StoreLeftBehindVersionAsync(store, v1, Jsonl.NavigateLines.Skip(30).Take(200));
        // A settings PUT that checked version 1 just before version 2 was stored: 60 epochs of single examples fit 1, not 2.
        var task = (await store.GetTaskAsync("nav"))!;
        task.Settings = task.Settings with { Steps = null, Epochs = 60, BatchSize = 1 };
        Assert.True(await store.TryUpdateTaskAsync(task));
        var append = await Problems.AssertProblemAsync(
            await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(230).Take(5))), HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("Dataset version 2 is stored but the task's settings changed since it was checked", append, StringComparison.Ordinal);

        var replaced = await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Skip(200).Take(30)));

        Assert.True(replaced.StatusCode == HttpStatusCode.Created, await replaced.Content.ReadAsStringAsync());
        var now = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav");
        Assert.Equal((3, 30), (now.GetProperty("datasetVersion").GetInt32(), now.GetProperty("exampleCount").GetInt32()));
    }

    [Fact]
    public async Task When_the_task_changes_between_the_version_and_the_task_write_Should_still_move_the_task_to_the_version()
    {
        using var file = new LiteDbControlPlaneDatabase(Path.Combine(folder, "cp.db"));
        var database = new TaskChangedAfterEachVersion(file, task => task.Description = "changed by another request");
        var store = new ControlPlaneStore(database);
        Assert.True(await store.TryCreateTaskAsync(new TaskRecord { Id = "t", Settings = new RunSettings { DataPath = "", InitialPrompt = "p", Steps = 2 } }));
        var versions = new DatasetVersions(store, Options.Create(new ControlPlaneOptions()), TimeProvider.System);

        var (task, version, _, written) = await versions.AddAsync("t", Parse(Jsonl.NavigateLines.Take(100)), append: false, CancellationToken.None);

        Assert.True(written);
        Assert.Equal(1, database.TaskChanges);
        Assert.Equal(1, version.Number);
        Assert.Equal(1, task.LatestDatasetVersion);
        Assert.Equal(1, (await store.GetTaskAsync("t"))!.LatestDatasetVersion);
        Assert.Equal(100, (await store.GetTaskAsync("t"))!.ExampleCount);
    }

    [Fact]
    public async Task When_the_settings_change_between_the_version_and_the_task_write_Should_not_move_the_task_to_data_they_do_not_fit()
    {
        using var file = new LiteDbControlPlaneDatabase(Path.Combine(folder, "cp.db"));
        // A settings PUT that checked the task's data before this version was stored: 1,000 epochs of single examples.
        var database = new TaskChangedAfterEachVersion(file, task => task.Settings = task.Settings with { Steps = null, Epochs = 1_000, BatchSize = 1 });
        var store = new ControlPlaneStore(database);
        Assert.True(await store.TryCreateTaskAsync(new TaskRecord { Id = "t", Settings = new RunSettings { DataPath = "", InitialPrompt = "p", Steps = 2 } }));
        var versions = new DatasetVersions(store, Options.Create(new ControlPlaneOptions()), TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => versions.AddAsync("t", Parse(Jsonl.NavigateLines.Take(100)), append: false, CancellationToken.None));

        Assert.Equal((int)HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("Dataset version 1 is stored but the task's settings changed", refused.Message, StringComparison.Ordinal);
        var task = (await store.GetTaskAsync("t"))!;
        Assert.Equal(1_000, task.Settings.Epochs);
        Assert.Equal(0, task.LatestDatasetVersion);
    }

    [Fact]
    public async Task When_a_version_was_left_behind_above_the_one_in_force_Should_not_answer_it()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(100)))).StatusCode);
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        await StoreLeftBehindVersionAsync(store, (await store.GetDatasetVersionAsync("nav", 1))!, Jsonl.NavigateLines.Skip(100).Take(10));

        var missing = await Problems.AssertProblemAsync(await Admin.GetAsync("/v1/tasks/nav/datasets/2"), HttpStatusCode.NotFound);

        Assert.Equal("Dataset version 2 of task 'nav' does not exist; the latest is 1.", missing);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/v1/tasks/nav/datasets/1")).StatusCode);
        var listed = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/datasets");
        Assert.Equal([1], listed.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task When_a_left_behind_version_is_over_a_limit_lowered_since_Should_check_appends_as_if_it_were_not_there()
    {
        var (file, store, v1) = await NavOnVersionOneAsync();
        // The first attempt of this append stored 110 examples, then stopped; the process restarted with a limit of 105.
        // (Examples of the training split, so that version's runs would take more steps than version 1's.)
        var sent = Jsonl.NavigateLines.Skip(100).Where(line => HeldOutSplit.Of(Parse([line])[0].Input) == HeldOutSplit.Train).Take(10).ToList();
        await StoreLeftBehindVersionAsync(store, v1, sent, added: 10);
        var versions = new DatasetVersions(store, Options.Create(new ControlPlaneOptions { MaxExamples = 105 }), TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ApiProblemException>(() => versions.AddAsync("nav", Parse(sent), append: true, CancellationToken.None));

        Assert.Equal((int)HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("The dataset would have 110 examples; the limit is 105 (ControlPlane:MaxExamples).", refused.Message);
        var task = (await store.GetTaskAsync("nav"))!;
        Assert.Equal((1, 100), (task.LatestDatasetVersion, task.ExampleCount));
        var (_, smaller, _, written) = await versions.AddAsync("nav", Parse(sent.Take(3)), append: true, CancellationToken.None);
        Assert.True(written);
        Assert.Equal((3, 103), (smaller.Number, smaller.Examples.Count));
        Assert.Equal(110, (await store.GetDatasetVersionAsync("nav", 2))!.Examples.Count); // left as it was stored
    }

    [Fact]
    public async Task When_settings_change_on_an_instance_whose_limit_a_left_behind_version_is_over_Should_check_them_against_it_until_an_upload_there_writes_past_it()
    {
        var (_, store, v1) = await NavOnVersionOneAsync();
        // Instance X (the default limit) stored version 2, 10 more training examples, and has not moved the task yet.
        var sent = Jsonl.NavigateLines.Skip(100).Where(line => HeldOutSplit.Of(Parse([line])[0].Input) == HeldOutSplit.Train).Take(10).ToList();
        await StoreLeftBehindVersionAsync(store, v1, sent, added: 10, basedOn: 1);
        var lowerLimit = new DatasetVersions(store, Options.Create(new ControlPlaneOptions { MaxExamples = 105 }), TimeProvider.System);
        // Settings that fit version 1's training examples but not version 2's.
        var trainInForce = HeldOutSplit.Apply(v1.Examples)[HeldOutSplit.Train].Count;
        var trainLeftBehind = HeldOutSplit.Apply((await store.GetDatasetVersionAsync("nav", 2))!.Examples)[HeldOutSplit.Train].Count;
        var epochs = DecayScheduler.RunSettingsParser.MaxSteps / trainInForce;
        Assert.True(epochs * trainLeftBehind > DecayScheduler.RunSettingsParser.MaxSteps, $"{epochs} epochs of {trainLeftBehind} fit"); // the spec's premise
        var task = (await store.GetTaskAsync("nav"))!;
        var wanted = task.Settings with { Steps = null, Epochs = epochs, BatchSize = 1 };

        var refused = await lowerLimit.SettingsProblemAsync(task, wanted, CancellationToken.None);

        // Was null: instance Y (a limit of 105) took the settings, and X's appends, which take version 2 in, answered 422
        // ("the task's settings changed since it was checked") until the settings changed again.
        Assert.NotNull(refused);
        Assert.StartsWith(
            "Dataset version 2 is stored by an upload that has not moved the task to it yet, and an instance with a higher ControlPlane:MaxExamples than this one's (105) takes its 110 examples in",
            refused, StringComparison.Ordinal);
        // The way out the refusal names: an upload on Y writes past version 2 (no training examples here, so the settings
        // fit the new version), the task can no longer go there, and the settings are taken.
        var heldOut = Jsonl.NavigateLines.Skip(200).Where(line => HeldOutSplit.Of(Parse([line])[0].Input) != HeldOutSplit.Train).Take(3);
        var (after, _, _, written) = await lowerLimit.AddAsync("nav", Parse(heldOut), append: true, CancellationToken.None);
        Assert.True(written);
        Assert.Equal(3, after.LatestDatasetVersion);
        Assert.Equal([2], after.SkippedDatasetVersions!);
        Assert.Null(await lowerLimit.SettingsProblemAsync(after, wanted, CancellationToken.None));
    }

    [Fact]
    public async Task When_the_same_append_races_itself_Should_add_its_examples_once_and_answer_one_of_them_as_nothing_new()
    {
        var sent = Jsonl.NavigateLines.Skip(100).Take(20).ToList();
        // The second request finds version 2 taken and moves the task to it.
        var (store, first, second) = await RaceAsync((sent, Append: true), (sent, Append: true));

        Assert.Equal((2, 20, true), (second.Version.Number, second.Version.Added, second.NewData));
        Assert.Equal((2, 20, false), (first.Version.Number, first.Duplicates, first.NewData));
        var task = (await store.GetTaskAsync("nav"))!;
        var stored = (await store.GetDatasetVersionAsync("nav", 2))!;
        Assert.Equal((2, 120, 120), (task.LatestDatasetVersion, task.ExampleCount, stored.Examples.Count));
        Assert.Equal(120, stored.Examples.Select(DatasetVersions.JsonLine).Distinct().Count());
        Assert.Null(await store.GetDatasetVersionAsync("nav", 3));
    }

    [Fact]
    public async Task When_a_replacing_upload_writes_past_an_append_before_it_moves_the_task_Should_append_its_examples_to_the_replacing_data()
    {
        // A replacing upload finds version 2 taken, writes 3 and moves the task there.
        var (store, (task, version, _, newData), _) = await RaceAsync((Jsonl.NavigateLines.Skip(100).Take(20), Append: true), (Jsonl.NavigateLines.Skip(140).Take(100), Append: false));

        Assert.True(newData);
        Assert.Equal((4, 120, 20), (version.Number, version.Examples.Count, version.Added));
        Assert.Equal((4, 120), (task.LatestDatasetVersion, (await store.GetTaskAsync("nav"))!.ExampleCount));
        Assert.Equal((await store.GetDatasetVersionAsync("nav", 3))!.Examples.Select(DatasetVersions.JsonLine), version.Examples.Take(100).Select(DatasetVersions.JsonLine));
    }

    [Fact]
    public async Task When_two_different_appends_race_Should_answer_each_for_its_own_examples()
    {
        // The second append finds version 2 taken, moves the task to it and writes its own examples as version 3. The
        // first then finds its examples in force, moved there by the second.
        var (store, first, second) = await RaceAsync((Jsonl.NavigateLines.Skip(100).Take(20), Append: true), (Jsonl.NavigateLines.Skip(120).Take(10), Append: true));

        Assert.Equal((3, 10, 0, true), (second.Version.Number, second.Version.Added, second.Duplicates, second.NewData));
        Assert.Equal((2, 20, 0, true), (first.Version.Number, first.Version.Added, first.Duplicates, first.NewData)); // was 200 with 20 "duplicates"
        var task = (await store.GetTaskAsync("nav"))!;
        Assert.Equal((3, 130), (task.LatestDatasetVersion, task.ExampleCount));
    }

    [Fact]
    public async Task When_an_instance_with_a_lower_limit_writes_past_a_version_another_instance_then_moves_to_Should_not_move_the_task_off_it()
    {
        var (file, store, v1) = await NavOnVersionOneAsync();
        // Instance X (the default limit) stored version 2 with 10 more examples; instance Y (a limit of 105) appends 3:
        // it writes past version 2 as version 3, built on version 1. Between Y's two writes X moves the task to version 2
        // and answers 201 for its 10 examples.
        await StoreLeftBehindVersionAsync(store, v1, Jsonl.NavigateLines.Skip(100).Take(10), added: 10, basedOn: 1);
        var lowerLimit = new DatasetVersions(new ControlPlaneStore(AfterFirstVersion(file, async () =>
            {
                var task = (await store.GetTaskAsync("nav"))!;
                (task.LatestDatasetVersion, task.ExampleCount) = (2, 110);
                Assert.True(await store.TryUpdateTaskAsync(task));
            })),
            Options.Create(new ControlPlaneOptions { MaxExamples = 105 }), TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ApiProblemException>(() =>
            lowerLimit.AddAsync("nav", Parse(Jsonl.NavigateLines.Skip(120).Take(3)), append: true, CancellationToken.None));

        Assert.Equal("The dataset would have 113 examples; the limit is 105 (ControlPlane:MaxExamples).", refused.Message);
        var moved = (await store.GetTaskAsync("nav"))!;
        Assert.Equal((2, 110), (moved.LatestDatasetVersion, moved.ExampleCount)); // was version 3: X's 10 examples gone
        // Version 3 stays stored, built on version 1: the next append (at X's limit) writes past it rather than take it in.
        var (after, next, _, written) = await new DatasetVersions(store, Options.Create(new ControlPlaneOptions()), TimeProvider.System)
            .AddAsync("nav", Parse(Jsonl.NavigateLines.Skip(130).Take(5)), append: true, CancellationToken.None);
        Assert.True(written);
        Assert.Equal((4, 115), (next.Number, next.Examples.Count));
        Assert.Equal([3], after.SkippedDatasetVersions!);
    }

    [Fact]
    public async Task When_an_upload_wrote_past_a_left_behind_version_Should_neither_answer_nor_list_it()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(100)))).StatusCode);
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        await StoreLeftBehindVersionAsync(store, (await store.GetDatasetVersionAsync("nav", 1))!, Jsonl.NavigateLines.Skip(100).Take(10));
        // A replacing upload does not take the left-behind version 2 in: it writes version 3 past it.
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Skip(50).Take(100)))).StatusCode);

        var never = await Problems.AssertProblemAsync(await Admin.GetAsync("/v1/tasks/nav/datasets/2"), HttpStatusCode.NotFound);

        Assert.Equal("Dataset version 2 of task 'nav' was never the task's data (a later upload wrote past it); the latest is 3.", never);
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/v1/tasks/nav/datasets/1")).StatusCode);
        var listed = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/datasets");
        Assert.Equal([3, 1], listed.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task When_a_task_has_many_dataset_versions_Should_list_the_newest_up_to_the_limit()
    {
        Assert.Equal(HttpStatusCode.Created, (await Admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
        foreach (var line in Jsonl.NavigateLines.Skip(60).Take(DashboardApi.DefaultDatasetVersions + 2))
        {
            Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body([line]))).StatusCode);
        }

        var listed = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/datasets");
        var three = await Admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/datasets?limit=3");

        var newest = DashboardApi.DefaultDatasetVersions + 3;
        Assert.Equal(Enumerable.Range(4, DashboardApi.DefaultDatasetVersions).Reverse(), listed.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal([newest, newest - 1, newest - 2], three.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        await Problems.AssertProblemAsync(await Admin.GetAsync("/v1/tasks/nav/datasets?limit=0"), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task When_two_replacing_uploads_race_Should_answer_each_for_a_version_the_task_was_on()
    {
        // The second upload finds version 2 taken, writes version 3 past it and moves the task there. The first upload's
        // version 2 is never the task's data.
        var (store, (task, version, _, newData), second) = await RaceAsync((Jsonl.NavigateLines.Skip(100).Take(100), Append: false), (Jsonl.NavigateLines.Skip(200).Take(100), Append: false));

        Assert.Equal((3, true), (second.Version.Number, second.NewData));
        Assert.True(newData);
        Assert.Equal(4, version.Number); // was 2: a 201 naming a version the task never held
        Assert.True(task.HeldDatasetVersion(version.Number));
        Assert.Equal([2], (await store.GetTaskAsync("nav"))!.SkippedDatasetVersions!);
    }

    [Fact]
    public async Task When_an_append_races_one_holding_its_examples_among_others_Should_leave_the_answer_to_the_other()
    {
        var both = Jsonl.NavigateLines.Skip(100).Take(20).ToList();
        // Version 2, the bigger append's, holds the smaller one's 5 examples among 20.
        var (_, bigger, smaller) = await RaceAsync((both, Append: true), (both.Take(5), Append: true));

        Assert.Equal((2, 20, 0, true), (bigger.Version.Number, bigger.Version.Added, bigger.Duplicates, bigger.NewData)); // was 200, 20 "duplicates"
        Assert.Equal((2, 5, false), (smaller.Version.Number, smaller.Duplicates, smaller.NewData));
    }

    [Fact]
    public async Task When_an_append_is_retried_after_another_append_took_its_first_attempt_in_Should_answer_it_as_new_data()
    {
        var (_, store, v1) = await NavOnVersionOneAsync();
        var versions = new DatasetVersions(store, Options.Create(new ControlPlaneOptions()), TimeProvider.System);
        // The first attempt stored version 2 with its 20 examples and answered 409 (the task kept changing); another
        // append took version 2 in and added its own 5 as version 3.
        var sent = Jsonl.NavigateLines.Skip(100).Take(20).ToList();
        await StoreLeftBehindVersionAsync(store, v1, sent, added: 20, basedOn: 1);
        var other = await versions.AddAsync("nav", Parse(Jsonl.NavigateLines.Skip(120).Take(5)), append: true, CancellationToken.None);
        Assert.Equal((3, 5, true), (other.Version.Number, other.Version.Added, other.NewData));

        var (_, version, duplicates, newData) = await versions.AddAsync("nav", Parse(sent), append: true, CancellationToken.None);

        Assert.Equal((2, 20, 0, true), (version.Number, version.Added, duplicates, newData)); // was 200: no request ever answered for them
        var again = await versions.AddAsync("nav", Parse(sent), append: true, CancellationToken.None);
        Assert.Equal((3, 20, false), (again.Version.Number, again.Duplicates, again.NewData)); // answered once
    }

    [Fact]
    public async Task When_more_versions_than_its_rounds_are_left_behind_unusable_Should_write_past_all_of_them()
    {
        var (_, store, v1) = await NavOnVersionOneAsync();
        // Ten versions left by appends whose base the task moved away from (built on a version 0 it has left).
        for (var number = 2; number <= 11; number++)
        {
            var left = new DatasetVersionRecord { Task = "nav", Number = number, Examples = [.. v1.Examples.Take(60)], Added = 60, BasedOn = 0, CreatedAt = DateTime.UtcNow };
            left.Sha256 = DatasetVersions.ContentHash(left.Examples);
            Assert.True(await store.TryAddDatasetVersionAsync(left));
        }

        var (task, version, _, newData) = await new DatasetVersions(store, Options.Create(new ControlPlaneOptions()), TimeProvider.System)
            .AddAsync("nav", Parse(Jsonl.NavigateLines.Skip(100).Take(5)), append: true, CancellationToken.None); // was 409

        Assert.True(newData);
        Assert.Equal((12, 105), (version.Number, version.Examples.Count));
        Assert.Equal(Enumerable.Range(2, 10), task.SkippedDatasetVersions!);
    }

    /// <summary>A store of the spec's own (for specs that drive <see cref="DatasetVersions"/> directly), task 'nav' on version 1: 100 examples.</summary>
    private async Task<(LiteDbControlPlaneDatabase File, ControlPlaneStore Store, DatasetVersionRecord V1)> NavOnVersionOneAsync()
    {
        own = new LiteDbControlPlaneDatabase(Path.Combine(folder, "cp.db"));
        var store = new ControlPlaneStore(own);
        Assert.True(await store.TryCreateTaskAsync(new TaskRecord { Id = "nav", Settings = new RunSettings { DataPath = "", InitialPrompt = "p", Steps = 2 } }));
        var (_, v1, _, _) = await new DatasetVersions(store, Options.Create(new ControlPlaneOptions()), TimeProvider.System)
            .AddAsync("nav", Parse(Jsonl.NavigateLines.Take(100)), append: false, CancellationToken.None);
        return (own, store, v1);
    }

    /// <summary>
    /// Two uploads to task 'nav' on version 1 (<see cref="NavOnVersionOneAsync"/>), the second run whole between the
    /// first one's two writes (its version stored, the task not yet moved): the store and both answers.
    /// </summary>
    private async Task<(ControlPlaneStore Store, Answer First, Answer Second)> RaceAsync(
        (IEnumerable<string> Lines, bool Append) first, (IEnumerable<string> Lines, bool Append) second)
    {
        var (file, store, _) = await NavOnVersionOneAsync();
        var options = Options.Create(new ControlPlaneOptions());
        Answer? secondAnswer = null;
        var firstWriter = new DatasetVersions(new ControlPlaneStore(AfterFirstVersion(file, async () =>
            secondAnswer = await new DatasetVersions(store, options, TimeProvider.System).AddAsync("nav", Parse(second.Lines), second.Append, CancellationToken.None))),
            options, TimeProvider.System);
        var firstAnswer = await firstWriter.AddAsync("nav", Parse(first.Lines), first.Append, CancellationToken.None);
        return (store, firstAnswer, secondAnswer ?? throw new InvalidOperationException("The second upload did not run between the first one's writes."));
    }

    /// <summary>What an upload that died between its two writes leaves: version 2 (<paramref name="basis"/> and
    /// <paramref name="lines"/>) stored, the task still on version 1.</summary>
    private static async Task StoreLeftBehindVersionAsync(ControlPlaneStore store, DatasetVersionRecord basis, IEnumerable<string> lines, int added = 0, int? basedOn = null)
    {
        var left = new DatasetVersionRecord
        {
            Task = "nav", Number = 2, Examples = [.. basis.Examples, .. Parse(lines)], Added = added, CreatedAt = DateTime.UtcNow, BasedOn = basedOn,
        };
        left.Sha256 = DatasetVersions.ContentHash(left.Examples);
        Assert.True(await store.TryAddDatasetVersionAsync(left));
    }

    private static List<DatasetExample> Parse(IEnumerable<string> lines) =>
        JsonlUpload.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines)), "examples");

    /// <summary>Another writer (a settings PUT, a run's start) changes the task right after each dataset version is stored.</summary>
    private sealed class TaskChangedAfterEachVersion(IControlPlaneDatabase inner, Action<TaskRecord> change) : IControlPlaneDatabase
    {
        private readonly IDocumentSet<TaskRecord> tasks = inner.Collection<TaskRecord>("cp_tasks");
        private IControlPlaneDatabase? versionsHooked;

        public int TaskChanges { get; private set; }

        public IDocumentSet<T> Collection<T>(string name, params IReadOnlyList<DocumentIndex<T>> indexes)
            where T : class, IStoredDocument =>
            (versionsHooked ??= new InterceptedDocuments<DatasetVersionRecord>(inner) { AfterInsert = ChangeTasksAsync }).Collection(name, indexes);

        private async Task ChangeTasksAsync()
        {
            foreach (var task in await tasks.FindAsync(_ => true, CancellationToken.None))
            {
                change(task);
                Assert.True(await tasks.TryReplaceAsync(task, CancellationToken.None));
                TaskChanges++;
            }
        }
    }

    /// <summary>Runs <c>then</c> (another request) right after the first dataset version is stored, before its writer moves the task.</summary>
    private static InterceptedDocuments<DatasetVersionRecord> AfterFirstVersion(IControlPlaneDatabase inner, Func<Task> then)
    {
        var ran = false;
        return new(inner)
        {
            AfterInsert = async () =>
            {
                if (!ran)
                {
                    ran = true;
                    await then();
                }
            },
        };
    }
}
