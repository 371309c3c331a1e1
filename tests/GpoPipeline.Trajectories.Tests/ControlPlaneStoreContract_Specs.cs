using GpoPipeline.Contracts;
using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// The contract both control-plane adapters pass (issue 12): insert-if-absent decides races, tasks change only by
/// compare-and-set, dataset and champion versions are immutable and unique, every field reads back.
/// </summary>
public abstract class ControlPlaneStoreContract_Specs : IAsyncLifetime
{
    private IControlPlaneDatabase? database;

    protected ControlPlaneStore Store { get; private set; } = null!;

    protected abstract IControlPlaneDatabase CreateDatabase();

    public Task InitializeAsync()
    {
        database = CreateDatabase();
        Store = new ControlPlaneStore(database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        (database as IDisposable)?.Dispose();
        await CleanupAsync();
    }

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    /// <summary>The fields the indexes of <paramref name="collection"/> hold, each index's in order (the _id index left out).</summary>
    protected abstract Task<IReadOnlyList<IReadOnlyList<string>>> IndexesAsync(string collection);

    [ContractFact]
    public async Task When_the_paged_queries_have_run_Should_find_what_they_filter_and_sort_by_indexed()
    {
        // A store creates its indexes when opened or at its first query (MongoDB): one of each, then look.
        await Store.ListNewestChampionsAsync("t1", 1);
        await Store.ListNewestDecisionsAsync("t1", 1);
        await Store.GetFirstScoredDecisionAsync("t1", 1);
        await Store.ListSubmissionsSinceAsync("t1", SampleRuns.At(1));
        await Store.ListSubmissionsPageAsync(null, 0, 1);
        await Store.ListServedAsync("t1", fromVersion: 1);

        foreach (var (collection, fields) in new[]
        {
            ("cp_champions", new[] { "Task", "Number" }), ("cp_decisions", ["Task", "ChampionVersion", "DecidedAt"]),
            ("cp_submissions", ["Task", "SubmittedAt"]), ("cp_served", ["Task", "ChampionVersion"]),
        })
        {
            var indexed = (await IndexesAsync(collection)).SelectMany(index => index).ToHashSet(StringComparer.Ordinal);
            Assert.True(fields.All(indexed.Contains), $"{collection}: indexed {string.Join(", ", indexed)}; wanted {string.Join(", ", fields)}");
        }
    }

    /// <summary>The mark the announcement sweep looks for: listed while set, changed only by compare-and-set.</summary>
    [ContractFact]
    public async Task When_champion_versions_are_marked_unannounced_Should_list_them_until_the_mark_is_cleared_by_compare_and_set()
    {
        Assert.True(await Store.TryAddChampionAsync(new ChampionVersionRecord { Task = "t1", Number = 1, Prompt = "p1", PromotedAt = SampleRuns.At(1) }));
        Assert.True(await Store.TryAddChampionAsync(new ChampionVersionRecord
        {
            Task = "t1", Number = 2, Prompt = "p2", Predecessor = 1, PromotedAt = SampleRuns.At(2), AnnouncementPending = true,
        }));
        Assert.True(await Store.TryAddChampionAsync(new ChampionVersionRecord
        {
            Task = "t2", Number = 1, Prompt = "q1", PromotedAt = SampleRuns.At(3), AnnouncementPending = true,
        }));

        Assert.Equal([("t1", 2), ("t2", 1)], (await Store.ListUnannouncedChampionsAsync()).Select(c => (c.Task, c.Number)).Order());

        var read = (await Store.GetChampionVersionAsync("t1", 2))!;
        var stale = (await Store.GetChampionVersionAsync("t1", 2))!;
        read.AnnouncementPending = false;
        Assert.True(await Store.TryUpdateChampionAsync(read));
        Assert.False(await Store.TryUpdateChampionAsync(stale)); // another writer cleared it first
        Assert.Equal([("t2", 1)], (await Store.ListUnannouncedChampionsAsync()).Select(c => (c.Task, c.Number)));
        Assert.Equal(("p2", 1), ((await Store.GetChampionVersionAsync("t1", 2))!.Prompt, (await Store.GetChampionVersionAsync("t1", 2))!.Predecessor!.Value));
    }

    private static TaskRecord NewTask(string name) => new()
    {
        Id = name, Description = "d", Settings = new RunSettings { DataPath = "", InitialPrompt = "p0", Steps = 3 },
        Policy = new TaskPolicy { Alpha = 0.01, Cron = "0 3 * * *", ReoptimizeEveryExamples = 20, ScoreDropThreshold = 7.5, ScoreDropExamples = 30 },
        LastTrigger = TriggerOutcome.Skipped("schedule (2026-12-04T03:00Z)", SampleRuns.At(2), "a run is in progress"),
        CreatedAt = SampleRuns.At(1),
    };

    [ContractFact]
    public async Task When_a_task_is_created_twice_Should_keep_the_first_and_read_back_every_field()
    {
        Assert.True(await Store.TryCreateTaskAsync(NewTask("t1")));
        var second = NewTask("t1");
        second.Description = "other";
        Assert.False(await Store.TryCreateTaskAsync(second));

        var loaded = (await Store.GetTaskAsync("t1"))!;
        Assert.Equal("d", loaded.Description);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(3, loaded.Settings.Steps);
        Assert.Equal("p0", loaded.Settings.InitialPrompt);
        Assert.Equal(0.01, loaded.Policy.Alpha);
        Assert.Equal("0 3 * * *", loaded.Policy.Cron);
        Assert.Equal(7.5, loaded.Policy.ScoreDropThreshold);
        Assert.Equal(30, loaded.Policy.ScoreDropExamples);
        Assert.Equal(SampleRuns.At(1), loaded.CreatedAt);
        Assert.Equal(("schedule (2026-12-04T03:00Z)", SampleRuns.At(2), null, "a run is in progress"),
            (loaded.LastTrigger!.Trigger, loaded.LastTrigger.At, loaded.LastTrigger.RunId, loaded.LastTrigger.SkipReason));
        Assert.Null(await Store.GetTaskAsync("missing"));
    }

    [ContractFact]
    public async Task When_two_writers_update_the_same_task_version_Should_accept_only_the_first()
    {
        await Store.TryCreateTaskAsync(NewTask("t1"));
        var a = (await Store.GetTaskAsync("t1"))!;
        var b = (await Store.GetTaskAsync("t1"))!;
        a.ActiveRunId = Guid.NewGuid();
        a.LastTrigger = TriggerOutcome.Started("examples (+20 since the last run)", SampleRuns.At(3), a.ActiveRunId.Value);
        b.ActiveRunId = Guid.NewGuid();

        Assert.True(await Store.TryUpdateTaskAsync(a));
        Assert.False(await Store.TryUpdateTaskAsync(b));
        var stored = (await Store.GetTaskAsync("t1"))!;
        Assert.Equal(a.ActiveRunId, stored.ActiveRunId);
        Assert.Equal((a.ActiveRunId, null), (stored.LastTrigger!.RunId, stored.LastTrigger.SkipReason));
        Assert.Equal(2, stored.Version);
    }

    [ContractFact]
    public async Task When_an_update_fails_in_the_database_Should_leave_the_callers_version_so_that_a_retry_can_succeed()
    {
        await Store.TryCreateTaskAsync(NewTask("t1"));
        var task = (await Store.GetTaskAsync("t1"))!;
        task.Description = new string('x', 17 * 1024 * 1024); // past the 16 MB both databases take in one document

        await Assert.ThrowsAnyAsync<Exception>(() => Store.TryUpdateTaskAsync(task));

        Assert.Equal(1, task.Version);
        task.Description = "fits";
        Assert.True(await Store.TryUpdateTaskAsync(task));
        Assert.Equal(2, (await Store.GetTaskAsync("t1"))!.Version);
    }

    [ContractFact]
    public async Task When_a_tasks_settings_are_replaced_Should_read_back_the_new_ones_cleared_fields_included_and_refuse_a_stale_writer()
    {
        // PUT /v1/tasks/{task}/settings: the whole settings object is replaced by compare-and-set, like the policy.
        await Store.TryCreateTaskAsync(NewTask("t1"));
        var editor = (await Store.GetTaskAsync("t1"))!;
        var stale = (await Store.GetTaskAsync("t1"))!;
        editor.Settings = editor.Settings with { Steps = null, Epochs = 5, MaxDevExamples = 200_000, MaxTestExamples = 7, Seed = -7, TaskModel = "m2" };

        Assert.True(await Store.TryUpdateTaskAsync(editor));
        stale.Settings = stale.Settings with { Steps = 9 };
        Assert.False(await Store.TryUpdateTaskAsync(stale));
        var loaded = (await Store.GetTaskAsync("t1"))!;
        Assert.Null(loaded.Settings.Steps); // cleared, not the 3 stored before
        Assert.Equal((5, 200_000, 7, -7, "m2"), (loaded.Settings.Epochs, loaded.Settings.MaxDevExamples, loaded.Settings.MaxTestExamples, loaded.Settings.Seed, loaded.Settings.TaskModel));
        Assert.Equal("p0", loaded.Settings.InitialPrompt);
        Assert.Equal(0.01, loaded.Policy.Alpha);
        Assert.Equal(2, loaded.Version);
    }

    [ContractFact]
    public async Task When_a_dataset_version_number_is_taken_Should_refuse_the_second_and_keep_the_examples()
    {
        var first = new DatasetVersionRecord
        {
            Task = "t1", Number = 1, Sha256 = "abc", Added = 2, CreatedAt = SampleRuns.At(2),
            Examples = [new() { Input = "q1", References = ["a"] }, new() { Input = "q2", References = ["b", "c"] }],
        };
        Assert.True(await Store.TryAddDatasetVersionAsync(first));
        Assert.False(await Store.TryAddDatasetVersionAsync(new DatasetVersionRecord { Task = "t1", Number = 1, Sha256 = "zzz" }));

        var loaded = (await Store.GetDatasetVersionAsync("t1", 1))!;
        Assert.Equal("abc", loaded.Sha256);
        Assert.Equal(["b", "c"], loaded.Examples[1].References);
        Assert.Null(await Store.GetDatasetVersionAsync("t1", 2));
    }

    [ContractFact]
    public async Task When_champions_are_added_Should_list_them_in_order_and_refuse_a_taken_number()
    {
        var run = Guid.NewGuid();
        Assert.True(await Store.TryAddChampionAsync(new ChampionVersionRecord { Task = "t1", Number = 1, Prompt = "v1", PromotedAt = SampleRuns.At(1) }));
        Assert.True(await Store.TryAddChampionAsync(new ChampionVersionRecord
        {
            Task = "t1", Number = 2, Prompt = "v2", RunId = run, HeldOutScore = 71.5, Predecessor = 1, PromotedAt = SampleRuns.At(2),
        }));
        Assert.False(await Store.TryAddChampionAsync(new ChampionVersionRecord { Task = "t1", Number = 2, Prompt = "racing" }));
        await Store.TryAddChampionAsync(new ChampionVersionRecord { Task = "t2", Number = 1, Prompt = "other task" });

        var versions = await Store.ListChampionsAsync("t1");
        Assert.Equal(["v1", "v2"], versions.Select(v => v.Prompt));
        var current = (await Store.GetChampionAsync("t1"))!;
        Assert.Equal(run, current.RunId);
        Assert.Equal(71.5, current.HeldOutScore);
        Assert.Equal(1, current.Predecessor);
    }

    [ContractFact]
    public async Task When_the_newest_champions_are_listed_Should_return_that_many_of_the_task_oldest_first()
    {
        foreach (var number in new[] { 3, 1, 5, 2, 4 })
        {
            Assert.True(await Store.TryAddChampionAsync(new ChampionVersionRecord { Task = "t1", Number = number, Prompt = $"v{number}", PromotedAt = SampleRuns.At(number) }));
        }

        Assert.True(await Store.TryAddChampionAsync(new ChampionVersionRecord { Task = "t2", Number = 9, Prompt = "other task" }));

        Assert.Equal(["v4", "v5"], (await Store.ListNewestChampionsAsync("t1", limit: 2)).Select(v => v.Prompt));
        Assert.Equal(5, (await Store.ListNewestChampionsAsync("t1", limit: 200)).Count);
        Assert.Equal("v5", (await Store.GetChampionAsync("t1"))!.Prompt);
        Assert.Null(await Store.GetChampionAsync("t3"));
        Assert.Empty(await Store.ListNewestChampionsAsync("t3", limit: 2));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListNewestChampionsAsync("t1", limit: 0));
    }

    [ContractFact]
    public async Task When_a_champion_version_is_read_by_number_Should_return_that_version_of_that_task_alone()
    {
        foreach (var (task, number) in new[] { ("t1", 1), ("t1", 2), ("t1", 3), ("t2", 2) })
        {
            Assert.True(await Store.TryAddChampionAsync(new ChampionVersionRecord { Task = task, Number = number, Prompt = $"{task} v{number}", Predecessor = number - 1 }));
        }

        var second = (await Store.GetChampionVersionAsync("t1", 2))!;

        Assert.Equal(("t1 v2", 1), (second.Prompt, second.Predecessor));
        Assert.Equal("t2 v2", (await Store.GetChampionVersionAsync("t2", 2))!.Prompt);
        Assert.Null(await Store.GetChampionVersionAsync("t1", 4));
        Assert.Null(await Store.GetChampionVersionAsync("t3", 1));
    }

    [ContractFact]
    public async Task When_the_first_scored_decision_of_a_champion_version_is_read_Should_return_the_earliest_with_a_score_of_that_version_and_task()
    {
        foreach (var (id, task, version, score, minute) in new (string, string, int?, double?, int)[]
        {
            ("later", "t1", 1, 70, 5), ("first", "t1", 1, 80, 3), ("unscored", "t1", 1, null, 1), ("other-version", "t1", 2, 10, 0),
            ("other-task", "t2", 1, 20, 0), ("no-version", "t1", null, 30, 0),
        })
        {
            Assert.True(await Store.TryAddDecisionAsync(new DecisionRecord
            {
                Id = id, Task = task, Outcome = "score-checked", ChampionVersion = version, ChampionScore = score, DecidedAt = SampleRuns.At(minute),
            }));
        }

        Assert.Equal(("first", 80.0), await FirstScoredAsync("t1", 1));
        Assert.Equal(("other-version", 10.0), await FirstScoredAsync("t1", 2));
        Assert.Null(await Store.GetFirstScoredDecisionAsync("t1", 3));

        // Decided at one instant: the first by id, as the task's history lists them.
        foreach (var (id, score) in new[] { ("tied-c", 3.0), ("tied-a", 1.0), ("tied-b", 2.0) })
        {
            Assert.True(await Store.TryAddDecisionAsync(new DecisionRecord
            {
                Id = id, Task = "t3", Outcome = "kept", ChampionVersion = 1, ChampionScore = score, DecidedAt = SampleRuns.At(7),
            }));
        }

        Assert.Equal(("tied-a", 1.0), await FirstScoredAsync("t3", 1));
    }

    private async Task<(string Id, double? Score)?> FirstScoredAsync(string task, int version) =>
        await Store.GetFirstScoredDecisionAsync(task, version) is { } first ? (first.Id, first.ChampionScore) : null;

    [ContractFact]
    public async Task When_submissions_are_read_a_page_at_a_time_Should_answer_the_pages_of_the_whole_list_ties_in_time_included()
    {
        // Three submissions a minute, so that pages begin and end within one instant (ordered by id there).
        for (var i = 0; i < 23; i++)
        {
            Assert.True(await Store.TryAddSubmissionAsync(new SubmissionRecord { RunId = Guid.NewGuid(), Task = i % 4 == 0 ? "t2" : "t1", SubmittedAt = SampleRuns.At(i / 3) }));
        }

        foreach (var task in new[] { "t1", "t2", null })
        {
            var whole = (await Store.ListSubmissionsAsync(task)).Select(s => s.RunId).ToList();
            foreach (var size in new[] { 1, 2, 4, 5, 7, 30 })
            {
                for (var offset = 0; offset <= whole.Count; offset += size)
                {
                    var page = await Store.ListSubmissionsPageAsync(task, offset, size);

                    Assert.Equal(whole.Count, page.Total);
                    Assert.True(whole.Skip(offset).Take(size).SequenceEqual(page.Items.Select(s => s.RunId)), $"task {task ?? "(all)"}, {size} from {offset}");
                }
            }
        }

        var past = await Store.ListSubmissionsPageAsync("t1", long.MaxValue / 2, 200);
        Assert.Equal((0, 17L), (past.Items.Count, past.Total));
        var none = await Store.ListSubmissionsPageAsync("t3", 0, 5);
        Assert.Equal((0, 0L), (none.Items.Count, none.Total));
    }

    [ContractFact]
    public async Task When_the_newest_decisions_are_listed_Should_return_that_many_of_the_task_oldest_first()
    {
        foreach (var minute in new[] { 4, 1, 3, 2 })
        {
            Assert.True(await Store.TryAddDecisionAsync(new DecisionRecord { Id = $"d{minute}", Task = "t1", Outcome = "kept", DecidedAt = SampleRuns.At(minute) }));
        }

        Assert.True(await Store.TryAddDecisionAsync(new DecisionRecord { Id = "other", Task = "t2", Outcome = "kept", DecidedAt = SampleRuns.At(9) }));

        var newest = await Store.ListNewestDecisionsAsync("t1", limit: 2);

        Assert.Equal(["d3", "d4"], newest.Select(d => d.Id));
        Assert.Equal(SampleRuns.At(4), newest[^1].DecidedAt);
        Assert.Equal(["d1", "d2", "d3", "d4"], (await Store.ListNewestDecisionsAsync("t1", limit: 200)).Select(d => d.Id));
    }

    [ContractFact]
    public async Task When_answers_served_are_listed_from_a_version_Should_return_only_that_version_and_later_ones_of_the_task()
    {
        foreach (var version in new[] { 1, 2, 3 })
        {
            await Store.CountServedAsync("t1", version);
        }

        await Store.CountServedAsync("t2", 3);

        Assert.Equal([2, 3], (await Store.ListServedAsync("t1", fromVersion: 2)).Select(s => s.ChampionVersion));
    }

    [ContractFact]
    public async Task When_submissions_since_a_time_are_listed_Should_return_the_task_s_from_that_time_on_newest_first()
    {
        var runs = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        for (var minute = 0; minute < 4; minute++)
        {
            Assert.True(await Store.TryAddSubmissionAsync(new SubmissionRecord { RunId = runs[minute], Task = "t1", SubmittedAt = SampleRuns.At(minute) }));
        }

        Assert.True(await Store.TryAddSubmissionAsync(new SubmissionRecord { RunId = Guid.NewGuid(), Task = "t2", SubmittedAt = SampleRuns.At(3) }));

        var since = await Store.ListSubmissionsSinceAsync("t1", SampleRuns.At(2));

        Assert.Equal([runs[3], runs[2]], since.Select(s => s.RunId)); // the bound itself included
        Assert.Empty(await Store.ListSubmissionsSinceAsync("t1", SampleRuns.At(4)));
        Assert.Equal(4, (await Store.ListSubmissionsSinceAsync("t1", SampleRuns.At(0).AddTicks(-1))).Count);
    }

    [ContractFact]
    public async Task When_a_decision_is_recorded_twice_Should_keep_the_first()
    {
        var run = Guid.NewGuid();
        Assert.True(await Store.TryAddDecisionAsync(new DecisionRecord
        {
            Id = "run/1", Task = "t1", Outcome = "kept", RunId = run, PValue = 0.2, ExampleCount = 40, Test = "exact McNemar", DecidedAt = SampleRuns.At(3),
        }));
        Assert.False(await Store.TryAddDecisionAsync(new DecisionRecord { Id = "run/1", Task = "t1", Outcome = "promoted" }));

        var decisions = await Store.ListDecisionsAsync("t1");
        var only = Assert.Single(decisions);
        Assert.Equal("kept", only.Outcome);
        Assert.Equal(run, only.RunId);
        Assert.Equal(0.2, only.PValue);
    }

    [ContractFact]
    public async Task When_many_replicas_claim_one_tick_Should_let_exactly_one_win()
    {
        var tick = new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Store.TryClaimTickAsync("t1", tick, $"replica-{i}", tick)));

        Assert.Equal(1, claims.Count(won => won));
        Assert.True(await Store.TryClaimTickAsync("t1", tick.AddDays(1), "replica-0", tick.AddDays(1)));
        Assert.Equal(2, (await Store.ListTickClaimsAsync("t1")).Count);
    }

    [ContractFact]
    public async Task When_a_tick_claim_is_within_its_lease_Should_not_let_another_replica_take_it_over()
    {
        var tick = new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc);
        var lease = TimeSpan.FromMinutes(10);
        Assert.True(await Store.TryClaimTickAsync("t1", tick, "alive", tick.AddSeconds(5)));

        Assert.Null(await Store.TryTakeOverTickAsync("t1", tick, "other", tick.AddSeconds(5) + lease - TimeSpan.FromSeconds(1), lease));
        Assert.Null(await Store.TryTakeOverTickAsync("t1", tick.AddDays(1), "other", tick.AddDays(2), lease)); // never claimed: nothing to take over

        var claim = Assert.Single(await Store.ListTickClaimsAsync("t1"));
        Assert.Equal(("alive", tick.AddSeconds(5)), (claim.Claimant, claim.ClaimedAt));
    }

    [ContractFact]
    public async Task When_several_replicas_take_over_a_lapsed_tick_claim_Should_let_exactly_one_win_with_a_fresh_lease()
    {
        var tick = new DateTime(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc);
        var lease = TimeSpan.FromMinutes(10);
        Assert.True(await Store.TryClaimTickAsync("t1", tick, "died", tick.AddSeconds(5)));
        var later = tick.AddSeconds(5) + lease;

        var takers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Store.TryTakeOverTickAsync("t1", tick, $"replica-{i}", later, lease)));

        var lapsed = Assert.Single(takers, taken => taken is not null)!;
        Assert.Equal(("died", tick.AddSeconds(5)), (lapsed.Claimant, lapsed.ClaimedAt));
        var claim = Assert.Single(await Store.ListTickClaimsAsync("t1"));
        Assert.Equal($"replica-{Array.IndexOf(takers, lapsed)}", claim.Claimant);
        Assert.Equal(later, claim.ClaimedAt);
        Assert.Null(await Store.TryTakeOverTickAsync("t1", tick, "late", later + lease - TimeSpan.FromSeconds(1), lease)); // the winner's lease holds
        Assert.NotNull(await Store.TryTakeOverTickAsync("t1", tick, "late", later + lease, lease));
    }

    [ContractFact]
    public async Task When_answers_are_counted_concurrently_Should_lose_none()
    {
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Store.CountServedAsync("t1", 2)));
        await Store.CountServedAsync("t1", 3);

        var served = await Store.ListServedAsync("t1");
        Assert.Equal([20L, 1L], served.Select(s => s.Answers));
    }

    [ContractFact]
    public async Task When_submissions_and_keys_are_stored_Should_list_newest_first_and_find_by_id()
    {
        var older = Guid.NewGuid();
        var newer = Guid.NewGuid();
        await Store.TryAddSubmissionAsync(new SubmissionRecord { RunId = older, Task = "t1", ChampionVersion = 1, Trigger = "manual", SubmittedAt = SampleRuns.At(1) });
        await Store.TryAddSubmissionAsync(new SubmissionRecord
        {
            RunId = newer, Task = "t1", ChampionVersion = 2, Trigger = "schedule", SubmittedAt = SampleRuns.At(2), ScoreCheck = true, CheckedExamples = 40,
        });
        await Store.TryAddSubmissionAsync(new SubmissionRecord { RunId = Guid.NewGuid(), Task = "t2", SubmittedAt = SampleRuns.At(3) });
        Assert.True(await Store.TryAddApiKeyAsync(new ApiKeyRecord { Id = "k1", SecretHash = "h", Scopes = ["read"], Name = "n", FromConfiguration = true }));
        Assert.False(await Store.TryAddApiKeyAsync(new ApiKeyRecord { Id = "k1", SecretHash = "other" }));

        Assert.Equal([newer, older], (await Store.ListSubmissionsAsync("t1")).Select(s => s.RunId));
        Assert.Equal(3, (await Store.ListSubmissionsAsync(null)).Count);
        var check = (await Store.GetSubmissionAsync(newer))!;
        Assert.Equal("schedule", check.Trigger);
        Assert.True(check.ScoreCheck);
        Assert.Equal(40, check.CheckedExamples);
        Assert.False((await Store.GetSubmissionAsync(older))!.ScoreCheck);
        Assert.Equal("h", (await Store.GetApiKeyAsync("k1"))!.SecretHash);
        Assert.True((await Store.GetApiKeyAsync("k1"))!.FromConfiguration);
    }

    [ContractFact]
    public async Task When_a_key_id_is_looked_up_in_another_case_Should_find_the_stored_key_with_exactly_that_id_first()
    {
        Assert.True(await Store.TryAddApiKeyAsync(new ApiKeyRecord { Id = "ABCDEF012345", SecretHash = "h" })); // as configured before ids were made lower-case
        Assert.True(await Store.TryAddApiKeyAsync(new ApiKeyRecord { Id = "0123456789ab", SecretHash = "other" }));

        foreach (var asked in new[] { "ABCDEF012345", "abcdef012345", "AbCdEf012345" })
        {
            Assert.Equal(["ABCDEF012345"], (await Store.FindApiKeysAsync(asked)).Select(k => k.Id));
        }

        // MongoDB stores the lower-case twin beside it (ids compared exactly); the embedded store's ids ignore case.
        var twin = await Store.TryAddApiKeyAsync(new ApiKeyRecord { Id = "abcdef012345", SecretHash = "h" });
        Assert.Equal(twin ? ["abcdef012345", "ABCDEF012345"] : ["ABCDEF012345"], (await Store.FindApiKeysAsync("abcdef012345")).Select(k => k.Id));
        Assert.Equal("ABCDEF012345", (await Store.FindApiKeysAsync("ABCDEF012345"))[0].Id);
    }
}
