using System.Text.Json;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// The one contract every <see cref="IRunStore"/> adapter passes (DESIGN §3). Derived classes supply the store;
/// the guarantees tested here are the ones the pipeline relies on under at-least-once delivery (DESIGN §2).
/// Longer than the usual file because it is the whole contract in one place.
/// </summary>
public abstract class RunStoreContract_Specs : IAsyncLifetime
{
    private IRunStore? store;

    /// <summary>Created before the test starts: created lazily, racing tasks would each open their own store.</summary>
    protected IRunStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected abstract IRunStore CreateStore();

    public Task InitializeAsync()
    {
        store = CreateStore();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        (store as IDisposable)?.Dispose();
        await CleanupAsync();
    }

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    [ContractFact]
    public async Task When_a_run_is_created_Should_read_back_every_field()
    {
        var run = SampleRuns.New();

        Assert.True(await Store.TryCreateRunAsync(run));
        var loaded = await Store.GetRunAsync(run.Id);

        Assert.NotNull(loaded);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(run.Settings, loaded.Settings);
        Assert.Equal(DateTimeKind.Utc, loaded.CreatedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, loaded.Steps[0].CompletedAt!.Value.Kind);
        Assert.Equal(JsonSerializer.Serialize(run), JsonSerializer.Serialize(loaded));
    }

    [ContractFact]
    public async Task When_a_run_is_missing_Should_return_null_and_refuse_updates()
    {
        var run = SampleRuns.New();

        Assert.Null(await Store.GetRunAsync(run.Id));
        Assert.False(await Store.TryUpdateRunAsync(run));
    }

    [ContractFact]
    public async Task When_a_run_is_created_twice_Should_refuse_the_second()
    {
        var run = SampleRuns.New();
        Assert.True(await Store.TryCreateRunAsync(run));

        var again = SampleRuns.New();
        again.Id = run.Id;
        again.Task = "other";

        Assert.False(await Store.TryCreateRunAsync(again));
        Assert.Equal("navigate", (await Store.GetRunAsync(run.Id))!.Task);
    }

    [ContractFact]
    public async Task When_two_updates_start_from_the_same_version_Should_let_exactly_one_win()
    {
        var run = SampleRuns.New();
        await Store.TryCreateRunAsync(run);
        var first = (await Store.GetRunAsync(run.Id))!;
        var second = (await Store.GetRunAsync(run.Id))!;
        first.CurrentStep = 3;
        second.CurrentStep = 4;

        var firstWon = await Store.TryUpdateRunAsync(first);
        var secondWon = await Store.TryUpdateRunAsync(second);

        Assert.True(firstWon);
        Assert.False(secondWon);
        Assert.Equal(2, first.Version);
        Assert.Equal(1, second.Version);
        var stored = (await Store.GetRunAsync(run.Id))!;
        Assert.Equal(3, stored.CurrentStep);
        Assert.Equal(2, stored.Version);
    }

    [ContractFact]
    public async Task When_eight_tasks_increment_a_field_with_retries_Should_lose_no_update()
    {
        const int Tasks = 8;
        const int IncrementsPerTask = 10;
        var run = SampleRuns.New();
        run.DevCount = 0;
        await Store.TryCreateRunAsync(run);

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < IncrementsPerTask;)
            {
                var current = (await Store.GetRunAsync(run.Id))!;
                current.DevCount++;
                if (await Store.TryUpdateRunAsync(current))
                {
                    done++;
                }
            }
        })));

        var stored = (await Store.GetRunAsync(run.Id))!;
        Assert.Equal(Tasks * IncrementsPerTask, stored.DevCount);
        Assert.Equal(1 + (Tasks * IncrementsPerTask), stored.Version);
    }

    [ContractFact]
    public async Task When_a_batch_score_is_recorded_twice_Should_count_it_once()
    {
        var runId = Guid.NewGuid();

        Assert.True(await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 1, 2, 3)));
        var redelivered = SampleRuns.Score(runId, 1, 2, 3);
        redelivered.Score = 99;
        Assert.False(await Store.TryRecordBatchScoreAsync(redelivered));
        Assert.True(await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 1, 2, 3, split: "test")));

        var scores = await Store.GetBatchScoresAsync(runId, 1);
        Assert.Equal(2, scores.Count);
        Assert.All(scores, score => Assert.Equal(5.5, score.Score));
        Assert.Equal(JsonSerializer.Serialize(SampleRuns.Score(runId, 1, 2, 3)), JsonSerializer.Serialize(scores.Single(s => s.Split == "dev")));
    }

    [ContractFact]
    public async Task When_many_tasks_record_the_same_batch_Should_accept_exactly_one()
    {
        var runId = Guid.NewGuid();

        var accepted = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 1, 0, 0)))));

        Assert.Single(accepted, wasAccepted => wasAccepted);
        Assert.Single(await Store.GetBatchScoresAsync(runId, 1));
    }

    [ContractFact]
    public async Task When_scores_are_read_Should_return_only_that_run_and_step()
    {
        var runId = Guid.NewGuid();
        var otherRun = Guid.NewGuid();
        foreach (var (candidate, batch) in new[] { (0, 0), (0, 1), (1, 0) })
        {
            await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 1, candidate, batch));
        }

        await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 10, 0, 0));
        await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 2, 0, 0));
        await Store.TryRecordBatchScoreAsync(SampleRuns.Score(otherRun, 1, 0, 0));

        var scores = await Store.GetBatchScoresAsync(runId, 1);

        Assert.Equal([(0, 0), (0, 1), (1, 0)], scores.Select(s => (s.CandidateIndex, s.BatchIndex)));
        Assert.All(scores, score => Assert.Equal((runId, 1), (score.RunId, score.Step)));
    }

    [ContractFact]
    public async Task When_a_step_was_read_before_more_of_its_batches_were_recorded_Should_name_each_of_them_once()
    {
        var runId = Guid.NewGuid();
        Assert.Empty(await Store.GetBatchKeysAsync(runId, 1));
        await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 1, 0, 0));
        var afterOne = await Store.GetBatchKeysAsync(runId, 1);
        var answer = new ExampleResultRecord { Key = Guid.NewGuid().ToString("N"), Answer = "x", Score = 1, Calls = 1 };
        await Store.RecordScoredBatchAsync(new ScoredBatch
        {
            Results = [answer], Keys = [answer.Key], Role = "task", Batch = SampleRuns.Score(runId, 1, 2, 1),
        });
        await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 1, 0, 0)); // recorded before: changes nothing

        var keys = await Store.GetBatchKeysAsync(runId, 1);

        // The scheduler reads a step's batches after every reply: what was read before must not hide what came since.
        Assert.Equal([new BatchKey(1, "dev", 0, 0)], afterOne);
        Assert.Equal([new BatchKey(1, "dev", 0, 0), new BatchKey(1, "dev", 2, 1)], keys.OrderBy(k => k.CandidateIndex));
    }

    [ContractFact]
    public async Task When_batch_keys_are_read_Should_name_exactly_the_batches_that_step_has_recorded_in_every_split()
    {
        var runId = Guid.NewGuid();
        var recorded = new[] { SampleRuns.Score(runId, 1, 0, 0), SampleRuns.Score(runId, 1, 0, 1), SampleRuns.Score(runId, 1, 12, 3), SampleRuns.Score(runId, 1, 1, 0, split: "train-minibatch") };
        foreach (var score in recorded)
        {
            await Store.TryRecordBatchScoreAsync(score);
        }

        // Neighbours a prefix read could pick up: step 10 and step 11 of the same run, step 1 of another run.
        await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 10, 0, 0));
        await Store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 11, 5, 5));
        await Store.TryRecordBatchScoreAsync(SampleRuns.Score(Guid.NewGuid(), 1, 0, 2));

        var keys = await Store.GetBatchKeysAsync(runId, 1);

        Assert.Equal(recorded.Select(BatchKey.Of).OrderBy(k => k.ToString()), keys.OrderBy(k => k.ToString()));
        Assert.Empty(await Store.GetBatchKeysAsync(runId, 2));
        Assert.Equal([new BatchKey(10, "dev", 0, 0)], await Store.GetBatchKeysAsync(runId, 10));
    }

    [ContractFact]
    public async Task When_many_tasks_add_usage_Should_sum_exactly()
    {
        const int Tasks = 16;
        const int AddsPerTask = 25;
        var runId = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            for (var i = 0; i < AddsPerTask; i++)
            {
                await Store.AddUsageAsync(new UsageRecord
                {
                    RunId = runId,
                    Step = 1,
                    Role = task % 2 == 0 ? "task" : "optimizer",
                    Calls = 1,
                    Attempts = 3,
                    CacheHits = i % 5 == 0 ? 1 : 0,
                    MemoHits = i % 5 == 1 ? 2 : 0,
                    InputTokens = 100,
                    OutputTokens = 7,
                    Cost = 0.25,
                });
            }
        })));
        await Store.AddUsageAsync(new UsageRecord { RunId = Guid.NewGuid(), Step = 1, Role = "task", Calls = 1000 });

        var usage = await Store.GetUsageAsync(runId);

        Assert.Equal(["optimizer", "task"], usage.Select(record => record.Role));
        var perRole = Tasks / 2 * AddsPerTask;
        Assert.All(usage, record =>
        {
            Assert.Equal((runId, 1), (record.RunId, record.Step));
            Assert.Equal(perRole, record.Calls);
            Assert.Equal(perRole * 3, record.Attempts);
            Assert.Equal(Tasks / 2 * 5, record.CacheHits);
            Assert.Equal(Tasks / 2 * 5 * 2, record.MemoHits);
            Assert.Equal(perRole * 100, record.InputTokens);
            Assert.Equal(perRole * 7, record.OutputTokens);
            Assert.Equal(perRole * 0.25, record.Cost);
        });
    }

    [ContractFact]
    public async Task When_a_charge_is_added_again_Should_count_it_once_even_after_other_increments()
    {
        var runId = Guid.NewGuid();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        UsageRecord Delta(long calls) => new() { RunId = runId, Step = 2, Role = "optimizer", Calls = calls, InputTokens = calls * 100, Cost = calls * 0.5 };

        Assert.True(await Store.AddUsageOnceAsync(Delta(4), first));
        Assert.False(await Store.AddUsageOnceAsync(Delta(4), first)); // written again after a crash
        Assert.True(await Store.AddUsageOnceAsync(Delta(3), second));
        await Store.AddUsageAsync(Delta(1)); // a plain increment keeps the charges it finds
        Assert.False(await Store.AddUsageOnceAsync(Delta(4), first));
        Assert.True(await Store.AddUsageOnceAsync(Delta(4), Guid.NewGuid()));

        var usage = Assert.Single(await Store.GetUsageAsync(runId));
        Assert.Equal((2, "optimizer", 12L, 1200L, 6.0), (usage.Step, usage.Role, usage.Calls, usage.InputTokens, usage.Cost));
    }

    [ContractFact]
    public async Task When_more_charges_than_remembered_are_added_Should_forget_only_the_oldest()
    {
        var runId = Guid.NewGuid();
        var ids = Enumerable.Range(0, IRunStore.RememberedCharges + 1).Select(_ => Guid.NewGuid()).ToList();
        UsageRecord Delta() => new() { RunId = runId, Step = 1, Role = "task", Calls = 1 };
        foreach (var id in ids)
        {
            Assert.True(await Store.AddUsageOnceAsync(Delta(), id));
        }

        // The newest RememberedCharges are kept: the second and the last are refused, the first is charged again.
        Assert.False(await Store.AddUsageOnceAsync(Delta(), ids[1]));
        Assert.False(await Store.AddUsageOnceAsync(Delta(), ids[^1]));
        Assert.True(await Store.AddUsageOnceAsync(Delta(), ids[0]));
        Assert.Equal(ids.Count + 1L, Assert.Single(await Store.GetUsageAsync(runId)).Calls);
    }

    [ContractFact]
    public async Task When_many_tasks_add_the_same_charge_at_once_Should_count_it_once()
    {
        const int Tasks = 12;
        var runId = Guid.NewGuid();
        var shared = Guid.NewGuid();

        var added = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(() => Store.AddUsageOnceAsync(
            new UsageRecord { RunId = runId, Step = 1, Role = "embedding", Calls = 1, OutputTokens = 5 },
            task % 2 == 0 ? shared : Guid.NewGuid()))));

        Assert.Equal(1 + (Tasks / 2), added.Count(a => a));
        var usage = Assert.Single(await Store.GetUsageAsync(runId));
        Assert.Equal((1L + (Tasks / 2), 5L * (1 + (Tasks / 2))), (usage.Calls, usage.OutputTokens));
    }

    [ContractFact]
    public async Task When_a_response_is_cached_Should_get_replace_and_remove_it()
    {
        Assert.Null(await Store.GetCachedResponseAsync("k1"));

        await Store.SetCachedResponseAsync("k1", [1, 2, 3]);
        await Store.SetCachedResponseAsync("k2", [9]);
        Assert.Equal([1, 2, 3], await Store.GetCachedResponseAsync("k1"));

        await Store.SetCachedResponseAsync("k1", [4]);
        Assert.Equal([4], await Store.GetCachedResponseAsync("k1"));

        await Store.RemoveCachedResponseAsync("k1");
        Assert.Null(await Store.GetCachedResponseAsync("k1"));
        Assert.Equal([9], await Store.GetCachedResponseAsync("k2"));
    }

    [ContractFact]
    public async Task When_example_results_are_recorded_twice_Should_keep_the_first_and_report_only_new_keys()
    {
        var first = new ExampleResultRecord { Key = Guid.NewGuid().ToString("N"), Answer = "Yes", Score = 1, Calls = 2, InputTokens = 90, OutputTokens = 7, Cost = 0.5, RecordedAt = SampleRuns.At(30) };
        var second = new ExampleResultRecord { Key = Guid.NewGuid().ToString("N"), Answer = "No", Score = 0, Calls = 2 };

        var added = await Store.TryRecordExampleResultsAsync([first]);
        var again = await Store.TryRecordExampleResultsAsync([new ExampleResultRecord { Key = first.Key, Answer = "forged", Score = 0 }, second]);
        var found = await Store.GetExampleResultsAsync([first.Key, second.Key, "missing-key"]);

        Assert.Equal([first.Key], added);
        Assert.Equal([second.Key], again);
        Assert.Equal(2, found.Count);
        Assert.Equal(JsonSerializer.Serialize(first), JsonSerializer.Serialize(found[first.Key]));
    }

    [ContractFact]
    public async Task When_a_read_run_is_changed_but_not_written_Should_give_every_later_reader_the_stored_run()
    {
        var run = SampleRuns.New();
        run.Steps = [new StepRecord { Step = 1, Candidates = [new CandidateRecord { Index = 0, Prompt = "stored" }] }];
        Assert.True(await Store.TryCreateRunAsync(run));
        var first = (await Store.GetRunAsync(run.Id))!;
        first.Steps[0].Candidates[0].Prompt = "changed by a reader";
        first.Steps.Add(new StepRecord { Step = 2 });
        first.Trajectory[0].Embedding![0] = 42;
        first.Status = RunStatus.Failed;

        var second = (await Store.GetRunAsync(run.Id))!;

        // The embedded store maps a run once and hands out copies: a reader's changes must stay its own.
        Assert.Equal("stored", Assert.Single(second.Steps).Candidates[0].Prompt);
        Assert.Equal(run.Trajectory[0].Embedding![0], second.Trajectory[0].Embedding![0]);
        Assert.Equal(run.Status, second.Status);
    }

    [ContractFact]
    public async Task When_the_same_answers_are_recorded_by_many_callers_at_once_Should_store_each_key_once()
    {
        var keys = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var callers = Enumerable.Range(0, 12).Select(caller => Task.Run(() => Store.TryRecordExampleResultsAsync(
            [.. keys.Select(key => new ExampleResultRecord { Key = key, Answer = $"caller {caller}", Score = 1, Calls = 1 })])));

        var added = await Task.WhenAll(callers);
        var found = await Store.GetExampleResultsAsync(keys);

        // Each key is new to exactly one caller, whose answer is the one stored, however the writes are grouped.
        Assert.All(keys, key => Assert.Equal(1, added.Count(set => set.Contains(key))));
        Assert.Equal(keys.Count, found.Count);
        Assert.All(keys, key => Assert.Equal($"caller {Array.FindIndex(added, set => set.Contains(key))}", found[key].Answer));
    }

    [ContractFact]
    public async Task When_a_scored_batch_is_recorded_Should_store_its_answers_charge_them_and_record_the_batch_from_them()
    {
        var runId = Guid.NewGuid();
        var reply = ScoredBatchOf(runId, (Key(), 1, 3), (Key(), 0, 5));

        var outcome = await Store.RecordScoredBatchAsync(reply);

        Assert.True(outcome.BatchRecorded);
        Assert.Equal(reply.Keys.ToHashSet(), outcome.Added.ToHashSet());
        var batch = Assert.Single(await Store.GetBatchScoresAsync(runId, 2));
        Assert.Equal((1.0, 2, 4, "dev"), (batch.Score, batch.Total, batch.CandidateIndex, batch.Split));
        Assert.Equal([1.0, 0.0], batch.ExampleScores);
        var usage = Assert.Single(await Store.GetUsageAsync(runId));
        Assert.Equal((2L, 8L, 2, "task"), (usage.Calls, usage.InputTokens, usage.Step, usage.Role));
    }

    [ContractFact]
    public async Task When_a_scored_batch_repeats_known_answers_Should_charge_only_new_ones_and_score_the_first_answers()
    {
        var runId = Guid.NewGuid();
        var known = (Key: Key(), Score: 1.0, Tokens: 3L);
        await Store.TryRecordExampleResultsAsync([new ExampleResultRecord { Key = known.Key, Score = known.Score, Calls = 1, InputTokens = known.Tokens }]);
        // A second scorer's copy of the known example answered differently; the first recorded answer counts.
        var reply = ScoredBatchOf(runId, (known.Key, 0, 3), (Key(), 1, 5));

        var outcome = await Store.RecordScoredBatchAsync(reply);
        var again = await Store.RecordScoredBatchAsync(reply);

        Assert.Equal([reply.Keys[1]], outcome.Added);
        Assert.True(outcome.BatchRecorded);
        Assert.Empty(again.Added);
        Assert.False(again.BatchRecorded);
        var batch = Assert.Single(await Store.GetBatchScoresAsync(runId, 2));
        Assert.Equal([1.0, 1.0], batch.ExampleScores);
        var usage = Assert.Single(await Store.GetUsageAsync(runId));
        Assert.Equal((1L, 5L), (usage.Calls, usage.InputTokens));
    }

    [ContractFact]
    public async Task When_a_reply_has_an_id_Should_charge_each_paid_copy_once_and_keep_the_first_answers()
    {
        var runId = Guid.NewGuid();
        var reply = WithId(ScoredBatchOf(runId, (Key(), 1, 3), (Key(), 0, 5)), Guid.NewGuid());
        // A second scorer answered the same batch (its request was redelivered): paid again, answered differently.
        var copy = WithId(ScoredBatchOf(runId, (reply.Keys[0], 0, 3), (reply.Keys[1], 1, 5)), Guid.NewGuid());

        await Store.RecordScoredBatchAsync(reply);
        await Store.RecordScoredBatchAsync(reply); // redelivered
        var second = await Store.RecordScoredBatchAsync(copy);
        await Store.RecordScoredBatchAsync(copy); // redelivered

        Assert.Empty(second.Added);
        Assert.False(second.BatchRecorded);
        var usage = Assert.Single(await Store.GetUsageAsync(runId));
        Assert.Equal((4L, 16L), (usage.Calls, usage.InputTokens));
        Assert.Equal([1.0, 0.0], Assert.Single(await Store.GetBatchScoresAsync(runId, 2)).ExampleScores);
    }

    [ContractFact]
    public async Task When_a_reply_is_recorded_again_after_its_answers_were_stored_but_not_charged_Should_charge_it_once()
    {
        var runId = Guid.NewGuid();
        var reply = WithId(ScoredBatchOf(runId, (Key(), 1, 3), (Key(), 0, 5)), Guid.NewGuid());
        // What a store that writes answers and usage apart holds when the scheduler died between the two.
        await Store.TryRecordExampleResultsAsync(reply.Results);

        var outcome = await Store.RecordScoredBatchAsync(reply); // the redelivery
        await Store.RecordScoredBatchAsync(reply);

        Assert.True(outcome.BatchRecorded);
        var usage = Assert.Single(await Store.GetUsageAsync(runId));
        Assert.Equal((2L, 8L), (usage.Calls, usage.InputTokens));
    }

    [ContractFact]
    public async Task When_a_reply_completes_a_batch_the_memo_partly_answered_Should_count_the_memo_hits_once_with_its_charge()
    {
        var runId = Guid.NewGuid();
        var stored = new ExampleResultRecord { Key = Key(), Answer = "from an earlier run", Score = 1, Calls = 2 };
        await Store.TryRecordExampleResultsAsync([stored]);
        var sent = ScoredBatchOf(runId, (Key(), 0, 3));
        var reply = new ScoredBatch
        {
            Results = sent.Results, Keys = [stored.Key, .. sent.Keys], Batch = sent.Batch, Role = sent.Role, ReplyId = Guid.NewGuid(), MemoHits = 2,
        };

        var outcome = await Store.RecordScoredBatchAsync(reply);
        await Store.RecordScoredBatchAsync(reply); // redelivered

        Assert.True(outcome.BatchRecorded);
        var usage = Assert.Single(await Store.GetUsageAsync(runId));
        Assert.Equal((1L, 2L, 0L), (usage.Calls, usage.MemoHits, usage.CacheHits));
        Assert.Equal([1.0, 0.0], Assert.Single(await Store.GetBatchScoresAsync(runId, 2)).ExampleScores);
    }

    private static ScoredBatch WithId(ScoredBatch reply, Guid replyId) =>
        new() { Results = reply.Results, Keys = reply.Keys, Batch = reply.Batch, Role = reply.Role, ReplyId = replyId };

    [ContractFact]
    public async Task When_a_scored_batch_lacks_an_example_of_its_batch_Should_store_its_answers_but_not_the_batch()
    {
        var runId = Guid.NewGuid();
        var reply = ScoredBatchOf(runId, (Key(), 1, 3));
        var partial = new ScoredBatch { Results = reply.Results, Keys = [.. reply.Keys, Key()], Batch = reply.Batch, Role = reply.Role };

        var outcome = await Store.RecordScoredBatchAsync(partial);

        Assert.False(outcome.BatchRecorded);
        Assert.Single(outcome.Added);
        Assert.Empty(await Store.GetBatchScoresAsync(runId, 2));
        Assert.Single(await Store.GetExampleResultsAsync(reply.Keys));
    }

    private static string Key() => Guid.NewGuid().ToString("N");

    private static ScoredBatch ScoredBatchOf(Guid runId, params (string Key, double Score, long Tokens)[] answers) => new()
    {
        Results = [.. answers.Select(a => new ExampleResultRecord { Key = a.Key, Answer = "x", Score = a.Score, Calls = 1, InputTokens = a.Tokens, RecordedAt = SampleRuns.At(5) })],
        Keys = [.. answers.Select(a => a.Key)],
        Batch = new BatchScoreRecord { RunId = runId, Step = 2, CandidateIndex = 4, BatchIndex = 1, Split = "dev", RecordedAt = SampleRuns.At(6) },
        Role = "task",
    };

    [ContractFact]
    public async Task When_content_is_stored_under_its_hash_Should_read_it_back_and_keep_the_first_copy()
    {
        var hash = Guid.NewGuid().ToString("N");
        byte[] content = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i % 251))];

        await Store.StoreContentAsync(hash, content);
        await Store.StoreContentAsync(hash, [1, 2, 3]);

        Assert.Equal(content, await Store.GetContentAsync(hash));
        Assert.Null(await Store.GetContentAsync("no-such-hash"));
    }

    [ContractFact]
    public async Task When_content_is_larger_than_a_document_may_be_Should_read_it_back_whole()
    {
        // 20 MB: above BSON's 16 MB document limit in both stores (a big dataset split; issue 11).
        var hash = Guid.NewGuid().ToString("N");
        var content = new byte[20 * 1024 * 1024];
        new Random(11).NextBytes(content);

        await Store.StoreContentAsync(hash, content);

        Assert.Equal(content, await Store.GetContentAsync(hash));
    }

    [ContractFact]
    public async Task When_a_champion_is_promoted_twice_Should_keep_the_previous_in_history()
    {
        var firstRun = Guid.NewGuid();
        Assert.Null(await Store.GetChampionAsync("navigate"));

        await Store.SetChampionAsync(new ChampionRecord { Task = "navigate", Prompt = "v1", RunId = firstRun, TestScore = 0.5, PromotedAt = SampleRuns.At(1) });
        await Store.SetChampionAsync(new ChampionRecord { Task = "navigate", Prompt = "v2", TestScore = 0.6, PromotedAt = SampleRuns.At(2) });
        await Store.SetChampionAsync(new ChampionRecord { Task = "navigate", Prompt = "v3", TestScore = 0.7, PromotedAt = SampleRuns.At(3) });
        await Store.SetChampionAsync(new ChampionRecord { Task = "snarks", Prompt = "other", PromotedAt = SampleRuns.At(4) });

        var champion = (await Store.GetChampionAsync("navigate"))!;
        Assert.Equal("v3", champion.Prompt);
        Assert.Equal(["v1", "v2"], champion.History.Select(previous => previous.Prompt));
        Assert.Equal(firstRun, champion.History[0].RunId);
        Assert.Equal(SampleRuns.At(1), champion.History[0].PromotedAt);
        Assert.All(champion.History, previous => Assert.Empty(previous.History));
        Assert.Empty((await Store.GetChampionAsync("snarks"))!.History);
    }

    [ContractFact]
    public async Task When_a_cancel_is_kept_for_a_run_not_created_yet_Should_give_its_reason_to_one_taker_only()
    {
        var (runId, other, now) = (Guid.NewGuid(), Guid.NewGuid(), Now());
        await Store.RememberEarlyCancelAsync(runId, "cancelled with Ctrl+C", now);
        await Store.RememberEarlyCancelAsync(runId, "a second cancel", now.AddSeconds(1));

        Assert.Null(await Store.TakeEarlyCancelAsync(other, DateTime.MinValue));
        Assert.Equal("cancelled with Ctrl+C", await Store.TakeEarlyCancelAsync(runId, notBefore: now));
        Assert.Null(await Store.TakeEarlyCancelAsync(runId, DateTime.MinValue));
    }

    [ContractFact]
    public async Task When_a_kept_cancel_is_older_than_the_taker_accepts_Should_not_apply_and_be_gone()
    {
        // Recent times: MongoDB's TTL index drops kept cancels older than the lifetime on its own.
        var (stale, fresh, now) = (Guid.NewGuid(), Guid.NewGuid(), Now());
        await Store.RememberEarlyCancelAsync(stale, "old", now.AddMinutes(-2));
        await Store.RememberEarlyCancelAsync(fresh, "new", now);

        Assert.Null(await Store.TakeEarlyCancelAsync(stale, notBefore: now.AddMinutes(-1)));
        Assert.Null(await Store.TakeEarlyCancelAsync(stale, DateTime.MinValue));
        Assert.Equal("new", await Store.TakeEarlyCancelAsync(fresh, notBefore: now.AddMinutes(-1)));
    }

    [ContractFact]
    public async Task When_more_runs_are_cancelled_early_than_a_store_keeps_Should_drop_the_oldest_first()
    {
        var now = Now();
        var runs = Enumerable.Range(0, IRunStore.EarlyCancelCapacity + 5).Select(_ => Guid.NewGuid()).ToList();
        for (var i = 0; i < runs.Count; i++)
        {
            await Store.RememberEarlyCancelAsync(runs[i], $"cancel {i}", now.AddMilliseconds(i - runs.Count));
        }

        foreach (var run in runs.Take(5))
        {
            Assert.Null(await Store.TakeEarlyCancelAsync(run, DateTime.MinValue));
        }

        Assert.Equal("cancel 5", await Store.TakeEarlyCancelAsync(runs[5], DateTime.MinValue));
        Assert.Equal($"cancel {runs.Count - 1}", await Store.TakeEarlyCancelAsync(runs[^1], DateTime.MinValue));
    }

    /// <summary>Now, to the millisecond both stores keep.</summary>
    private static DateTime Now()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    [ContractFact]
    public async Task When_runs_are_listed_Should_return_the_newest_first_up_to_the_limit()
    {
        var runs = Enumerable.Range(0, 5).Select(minute => SampleRuns.New(createdAt: SampleRuns.At(minute * 7))).ToList();
        foreach (var run in runs.OrderBy(_ => Guid.NewGuid()))
        {
            await Store.TryCreateRunAsync(run);
        }

        var listed = await Store.ListRunsAsync(limit: 3);

        Assert.Equal(runs.AsEnumerable().Reverse().Take(3).Select(run => run.Id), listed.Select(run => run.Id));
    }

    [ContractFact]
    public async Task When_run_ids_are_listed_Should_return_every_stored_run_beyond_any_list_limit()
    {
        var runs = Enumerable.Range(0, 60).Select(minute => SampleRuns.New(createdAt: SampleRuns.At(minute))).ToList();
        foreach (var run in runs)
        {
            Assert.True(await Store.TryCreateRunAsync(run));
        }

        var ids = await Store.ListRunIdsAsync();

        Assert.Equal(runs.Select(run => run.Id).Order(), ids.Order());
    }

    [ContractFact]
    public async Task When_runs_are_listed_by_status_page_by_page_Should_return_every_run_in_that_status_once()
    {
        // The Running runs are the oldest: 20 newer finished runs would hide them from a newest-first list of 20.
        var running = Enumerable.Range(0, 7).Select(minute => SampleRuns.New(createdAt: SampleRuns.At(minute))).ToList();
        var finished = Enumerable.Range(7, 20).Select(minute => SampleRuns.New(createdAt: SampleRuns.At(minute))).ToList();
        running.ForEach(run => run.Status = RunStatus.Running);
        finished.ForEach(run => run.Status = run.CreatedAt.Minute % 2 == 0 ? RunStatus.Completed : RunStatus.Failed);
        foreach (var run in running.Concat(finished).OrderBy(_ => Guid.NewGuid()))
        {
            Assert.True(await Store.TryCreateRunAsync(run));
        }

        var pages = await ReadPagesAsync(RunStatus.Running, limit: 3);

        Assert.Equal([3, 3, 1], pages.Select(page => page.Count));
        Assert.All(pages.SelectMany(page => page), run => Assert.Equal(RunStatus.Running, run.Status));
        Assert.Equal(running.Select(run => run.Id).Order(), pages.SelectMany(page => page).Select(run => run.Id).Order());
    }

    [ContractFact]
    public async Task When_run_ids_are_listed_by_status_Should_return_exactly_the_ids_of_the_runs_in_it_now()
    {
        var runs = Enumerable.Range(0, 9).Select(minute => SampleRuns.New(createdAt: SampleRuns.At(minute))).ToList();
        runs.ForEach(run => run.Status = run.CreatedAt.Minute % 3 == 0 ? RunStatus.Completed : RunStatus.Running);
        foreach (var run in runs)
        {
            Assert.True(await Store.TryCreateRunAsync(run));
        }

        var moved = runs.First(run => run.Status == RunStatus.Running);
        moved.Status = RunStatus.Completed;
        Assert.True(await Store.TryUpdateRunAsync(moved));

        var completed = await Store.ListRunIdsInStatusAsync(RunStatus.Completed);

        Assert.Equal(runs.Where(run => run.Status == RunStatus.Completed).Select(run => run.Id).Order(), completed.Order());
        Assert.Equal(5, (await Store.ListRunIdsInStatusAsync(RunStatus.Running)).Count);
        Assert.Empty(await Store.ListRunIdsInStatusAsync(RunStatus.Failed));
    }

    [ContractFact]
    public async Task When_a_run_changes_status_Should_be_listed_under_its_new_status_only()
    {
        var run = SampleRuns.New();
        run.Status = RunStatus.Running;
        Assert.True(await Store.TryCreateRunAsync(run));
        run.Status = RunStatus.Completed;
        Assert.True(await Store.TryUpdateRunAsync(run));

        var running = await Store.ListRunsByStatusAsync(RunStatus.Running, limit: 10);
        var completed = await Store.ListRunsByStatusAsync(RunStatus.Completed, limit: 10);

        Assert.Empty(running);
        Assert.Equal(run.Id, Assert.Single(completed).Id);
        Assert.Empty(await Store.ListRunsByStatusAsync(RunStatus.Completed, limit: 10, afterId: run.Id));
    }

    [ContractFact]
    public async Task When_runs_are_listed_by_status_with_a_limit_below_one_Should_refuse()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListRunsByStatusAsync(RunStatus.Running, limit: 0));
    }

    /// <summary>Pages of <see cref="IRunStore.ListRunsByStatusAsync"/>, each read after the last id of the one before, up to an empty one.</summary>
    private async Task<List<IReadOnlyList<RunRecord>>> ReadPagesAsync(RunStatus status, int limit)
    {
        var pages = new List<IReadOnlyList<RunRecord>>();
        Guid? afterId = null;
        while (await Store.ListRunsByStatusAsync(status, limit, afterId) is { Count: > 0 } page)
        {
            pages.Add(page);
            afterId = page[^1].Id;
        }

        return pages;
    }

    [ContractFact]
    public async Task When_a_run_has_no_id_Should_refuse_it_with_a_message()
    {
        var run = SampleRuns.New();
        run.Id = Guid.Empty;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.TryCreateRunAsync(run));

        Assert.Contains("RunRecord.Id must be set", error.Message);
    }
}
