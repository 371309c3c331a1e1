using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>The contract on the embedded store (a fresh file per test), plus what only a file can promise.</summary>
public sealed class LiteDbRunStore_Specs : RunStoreContract_Specs
{
    private readonly TemporaryDatabaseFile contractFile = new();
    private readonly TemporaryDatabaseFile file = new();

    protected override IRunStore CreateStore() => new LiteDbRunStore(contractFile.Path);

    protected override Task CleanupAsync()
    {
        contractFile.Dispose();
        file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_more_runs_are_cancelled_early_than_it_keeps_Should_drop_the_oldest_and_the_expired_and_survive_a_reopen()
    {
        var runs = Enumerable.Range(0, IRunStore.EarlyCancelCapacity + 10).Select(_ => Guid.NewGuid()).ToList();
        var expired = Guid.NewGuid();
        using (var store = new LiteDbRunStore(file.Path))
        {
            await store.RememberEarlyCancelAsync(expired, "long ago", SampleRuns.At(0) - IRunStore.EarlyCancelLifetime - TimeSpan.FromMinutes(1));
            for (var i = 0; i < runs.Count; i++)
            {
                await store.RememberEarlyCancelAsync(runs[i], "x", SampleRuns.At(0).AddMilliseconds(i));
            }
        }

        using var reopened = new LiteDbRunStore(file.Path);
        Assert.Null(await reopened.TakeEarlyCancelAsync(expired, DateTime.MinValue));
        foreach (var run in runs.Take(10))
        {
            Assert.Null(await reopened.TakeEarlyCancelAsync(run, DateTime.MinValue));
        }

        foreach (var run in runs.Skip(10))
        {
            Assert.Equal("x", await reopened.TakeEarlyCancelAsync(run, DateTime.MinValue));
        }
    }

    [Fact]
    public async Task When_a_start_asks_for_a_kept_cancel_Should_flush_the_log_only_when_one_was_removed()
    {
        using var store = new LiteDbRunStore(file.Path);
        var runId = Guid.NewGuid();

        var before = store.LogFlushes;
        Assert.Null(await store.TakeEarlyCancelAsync(runId, DateTime.MinValue)); // every StartRun asks
        Assert.Equal(before, store.LogFlushes);

        await store.RememberEarlyCancelAsync(runId, "x", DateTime.UtcNow);
        var kept = store.LogFlushes;
        Assert.Equal("x", await store.TakeEarlyCancelAsync(runId, DateTime.MinValue));
        Assert.Equal(kept + 1, store.LogFlushes);
    }

    [Fact]
    public async Task When_a_write_is_acknowledged_Should_have_flushed_the_log_to_the_disk_with_one_flush_per_group_commit()
    {
        using var store = new LiteDbRunStore(file.Path);
        var runId = Guid.NewGuid();
        var beforeRun = store.LogFlushes;

        Assert.True(await store.TryCreateRunAsync(SampleRuns.New()));
        var afterRun = store.LogFlushes;
        var replies = Enumerable.Range(0, 64).Select(i =>
        {
            var results = Enumerable.Range(0, 8).Select(e => new ExampleResultRecord { Key = $"{i}-{e}-{Guid.NewGuid():N}", Answer = "x", Score = 1, Calls = 1 }).ToList();
            return new ScoredBatch
            {
                Results = results, Keys = [.. results.Select(r => r.Key)], Role = "task",
                Batch = new BatchScoreRecord { RunId = runId, Step = 1, CandidateIndex = i / 8, BatchIndex = i % 8, Split = "dev" },
            };
        }).ToList();
        await Task.WhenAll(replies.Select(reply => Task.Run(() => store.RecordScoredBatchAsync(reply))));
        var afterReplies = store.LogFlushes;

        // Given the log as a stream, LiteDB writes a commit's pages without flushing them; the store flushes the log
        // before a caller hears back: once for a direct write, and once per group commit for queued ones (LiteDB,
        // opening the log itself, flushed every page).
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(file.Path)!, Path.GetFileNameWithoutExtension(file.Path) + "-log" + Path.GetExtension(file.Path))));
        Assert.Equal(beforeRun + 1, afterRun);
        Assert.InRange(afterReplies - afterRun, 1, replies.Count);
        Assert.Equal(64, (await store.GetBatchKeysAsync(runId, 1)).Count);
    }

    [Fact]
    public async Task When_the_store_is_closed_Should_leave_no_log_file_behind_and_reopen_with_everything()
    {
        var run = SampleRuns.New();
        var log = Path.Combine(Path.GetDirectoryName(file.Path)!, Path.GetFileNameWithoutExtension(file.Path) + "-log" + Path.GetExtension(file.Path));
        using (var first = new LiteDbRunStore(file.Path))
        {
            await WriteOneOfEachAsync(first, run);
            Assert.True(File.Exists(log));
        }

        Assert.False(File.Exists(log)); // the last checkpoint moved everything into the store file

        using var reopened = new LiteDbRunStore(file.Path);
        await AssertOneOfEachAsync(reopened, run);
    }

    [Fact]
    public async Task When_the_store_is_reopened_after_dispose_Should_keep_everything()
    {
        var run = SampleRuns.New();
        using (var first = new LiteDbRunStore(file.Path))
        {
            await WriteOneOfEachAsync(first, run);
        }

        using var reopened = new LiteDbRunStore(file.Path);

        await AssertOneOfEachAsync(reopened, run);
    }

    [Fact]
    public async Task When_a_run_with_an_embedding_is_stored_Should_keep_the_vector_as_one_binary_value_and_read_it_back_exactly()
    {
        var run = SampleRuns.New();
        var vector = Enumerable.Range(0, 1536).Select(i => MathF.Sin(i) / 3f).ToArray();
        run.Trajectory[0].Embedding = vector;
        using (var store = new LiteDbRunStore(file.Path))
        {
            Assert.True(await store.TryCreateRunAsync(run));
            Assert.Equal(vector, (await store.GetRunAsync(run.Id))!.Trajectory[0].Embedding);
        }

        using var raw = new LiteDB.LiteDatabase(file.Path);
        var stored = raw.GetCollection("runs").FindById(run.Id)["Trajectory"].AsArray[0]["Embedding"];
        Assert.True(stored.IsBinary, $"stored as {stored.Type}");
        Assert.Equal(vector.Length * sizeof(float), stored.AsBinary.Length);
    }

    [Fact]
    public async Task When_a_file_holds_an_embedding_written_as_an_array_of_numbers_Should_read_it_back()
    {
        var run = SampleRuns.New();
        using (var store = new LiteDbRunStore(file.Path))
        {
            Assert.True(await store.TryCreateRunAsync(run));
        }

        // Files written before embeddings were stored as binary hold them as BSON arrays of doubles.
        using (var raw = new LiteDB.LiteDatabase(file.Path))
        {
            var runs = raw.GetCollection("runs");
            var document = runs.FindById(run.Id);
            document["Trajectory"].AsArray[0]["Embedding"] = new LiteDB.BsonArray(new LiteDB.BsonValue(0.5), new LiteDB.BsonValue(-2.0), new LiteDB.BsonValue(4.25));
            Assert.True(runs.Update(document));
        }

        using var reopened = new LiteDbRunStore(file.Path);
        var read = (await reopened.GetRunAsync(run.Id))!.Trajectory[0].Embedding;
        Assert.Equal(new[] { 0.5f, -2f, 4.25f }, read);
    }

    [Fact]
    public async Task When_a_file_holds_charge_ids_written_as_an_array_Should_refuse_them_and_keep_them_after_the_next_write()
    {
        var runId = Guid.NewGuid();
        var (old, other, fresh) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        UsageRecord Delta() => new() { RunId = runId, Step = 1, Role = "task", Calls = 1, InputTokens = 10 };
        using (var store = new LiteDbRunStore(file.Path))
        {
            Assert.True(await store.AddUsageOnceAsync(Delta(), Guid.NewGuid()));
        }

        // Files written before the binary form hold the remembered charge ids as a BSON array of Guids.
        using (var raw = new LiteDB.LiteDatabase(file.Path))
        {
            var usage = raw.GetCollection("usage");
            var document = Assert.Single(usage.FindAll());
            document.Remove("ChargeIds");
            document["Charges"] = new LiteDB.BsonArray(new LiteDB.BsonValue(old), new LiteDB.BsonValue(other));
            Assert.True(usage.Update(document));
        }

        using var reopened = new LiteDbRunStore(file.Path);
        Assert.False(await reopened.AddUsageOnceAsync(Delta(), old));
        Assert.True(await reopened.AddUsageOnceAsync(Delta(), fresh)); // written in the binary form from here on
        await reopened.AddUsageAsync(Delta());
        Assert.False(await reopened.AddUsageOnceAsync(Delta(), other));
        Assert.False(await reopened.AddUsageOnceAsync(Delta(), fresh));
        Assert.Equal((3L, 30L), Assert.Single(await reopened.GetUsageAsync(runId)) is var u ? (u.Calls, u.InputTokens) : default);
    }

    [Fact]
    public async Task When_a_charge_shares_a_commit_with_a_write_that_fails_Should_still_be_charged_once()
    {
        // A charge in a rolled-back batch must be added once, not refused as already added by its own rolled-back
        // first attempt (the counters kept in memory go with the rollback).
        const int Charges = 64;
        using var store = new LiteDbRunStore(file.Path);
        var runId = Guid.NewGuid();

        var added = await BesideFailingWritesAsync(store, Charges, _ => store.AddUsageOnceAsync(new UsageRecord { RunId = runId, Step = 1, Role = "task", Calls = 1 }, Guid.NewGuid()));

        Assert.All(added, Assert.True);
        Assert.Equal(Charges, Assert.Single(await store.GetUsageAsync(runId)).Calls);
    }

    [Fact]
    public async Task When_batch_scores_share_a_commit_with_a_write_that_fails_Should_record_each_once()
    {
        // As above, for the batch score keys the queue keeps in memory: a score first inserted in the rolled-back
        // transaction must not be refused as recorded when its write is applied again alone, and a repeat after the
        // commit still is refused.
        const int Batches = 64;
        using var store = new LiteDbRunStore(file.Path);
        var runId = Guid.NewGuid();
        BatchScoreRecord Score(int candidate, int batch) => new() { RunId = runId, Step = 1, CandidateIndex = candidate, BatchIndex = batch, Score = 1, Total = 1 };

        var added = await BesideFailingWritesAsync(store, Batches, i => store.TryRecordBatchScoreAsync(Score(i % 4, i / 4)));

        Assert.All(added, Assert.True);
        Assert.Equal(Batches, (await store.GetBatchScoresAsync(runId, 1)).Count);
        Assert.False(await store.TryRecordBatchScoreAsync(Score(3, 15)));
        store.Dispose();
        using var reopened = new LiteDbRunStore(file.Path);
        Assert.False(await reopened.TryRecordBatchScoreAsync(Score(0, 0)));
        Assert.True(await reopened.TryRecordBatchScoreAsync(Score(0, 16)));
    }

    /// <summary>
    /// Queues <paramref name="count"/> writes with a failing one every 8th (a cache entry over LiteDB's 16 MB document
    /// limit), behind a slow first write (24 MB of answers) that keeps the writer busy so they commit as one batch:
    /// the batch is rolled back and every write of it applied again alone. Returns the writes' outcomes.
    /// </summary>
    private static async Task<bool[]> BesideFailingWritesAsync(LiteDbRunStore store, int count, Func<int, Task<bool>> write)
    {
        var tooLarge = new byte[17 << 20];
        var slow = store.TryRecordExampleResultsAsync([.. Enumerable.Range(0, 24).Select(i => new ExampleResultRecord { Key = $"{i:x64}", Answer = new string('a', 1 << 20), Score = 1 })]);
        var failing = new List<Task>();
        var outcomes = new List<Task<bool>>();
        for (var i = 0; i < count; i++)
        {
            outcomes.Add(write(i));
            if (i % 8 == 0)
            {
                failing.Add(store.SetCachedResponseAsync($"too-large-{i}", tooLarge));
            }
        }

        await slow;
        var results = await Task.WhenAll(outcomes);
        foreach (var failed in failing)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => failed);
        }

        return results;
    }

    [Fact]
    public async Task When_the_replies_of_a_step_are_recorded_concurrently_Should_let_the_last_reader_see_every_batch()
    {
        using var store = new LiteDbRunStore(file.Path);
        var runId = Guid.NewGuid();
        await store.GetBatchKeysAsync(runId, 1); // the step is in memory before its replies come
        var seen = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            var answer = new ExampleResultRecord { Key = Guid.NewGuid().ToString("N"), Answer = "x", Score = 1, Calls = 1 };
            await store.RecordScoredBatchAsync(new ScoredBatch { Results = [answer], Keys = [answer.Key], Role = "task", Batch = SampleRuns.Score(runId, 1, i / 8, i % 8) });
            return (await store.GetBatchKeysAsync(runId, 1)).Count;
        })));

        // As with the file: some reply reads after every write (the scheduler closes the step on that one).
        Assert.Equal(64, seen.Max());
        Assert.Equal(64, (await store.GetBatchKeysAsync(runId, 1)).Distinct().Count());
    }

    [Fact]
    public async Task When_more_steps_were_read_than_memory_keeps_Should_read_a_dropped_step_from_the_file()
    {
        using var store = new LiteDbRunStore(file.Path);
        var runId = Guid.NewGuid();
        await store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 0, 3, 2));
        Assert.Single(await store.GetBatchKeysAsync(runId, 0));
        for (var step = 1; step <= RecordedBatchIndex.MaxSteps + 1; step++)
        {
            await store.GetBatchKeysAsync(runId, step); // pushes step 0 out of memory
        }

        await store.TryRecordBatchScoreAsync(SampleRuns.Score(runId, 0, 4, 0));

        Assert.Equal([new BatchKey(0, "dev", 3, 2), new BatchKey(0, "dev", 4, 0)], (await store.GetBatchKeysAsync(runId, 0)).OrderBy(k => k.CandidateIndex));
    }

    [Fact]
    public async Task When_a_reader_changes_the_run_it_was_given_Should_leave_what_the_next_reader_gets_as_stored()
    {
        using var store = new LiteDbRunStore(file.Path);
        var run = SampleRuns.New();
        await store.TryCreateRunAsync(run);
        var first = (await store.GetRunAsync(run.Id))!;

        // The run is kept in memory for the next read: every reader must still get a copy of its own.
        first.Status = RunStatus.Failed;
        first.Trajectory[0].Embedding![0] = 99f;
        first.Trajectory.RemoveAt(1);
        first.Steps.Clear();
        first.DatasetSplits["dev"] = "changed";
        var second = (await store.GetRunAsync(run.Id))!;

        Assert.Equal(run.Status, second.Status);
        Assert.Equal(0.25f, second.Trajectory[0].Embedding![0]);
        Assert.Equal(run.Trajectory.Count, second.Trajectory.Count);
        Assert.Equal(run.Steps.Count, second.Steps.Count);
        Assert.Equal(run.DatasetSplits["dev"], second.DatasetSplits["dev"]);
        Assert.False(await store.TryUpdateRunAsync(new RunRecord { Id = run.Id, Settings = run.Settings, Version = 7 })); // versions still compared with the stored one
    }

    [Fact]
    public async Task When_more_runs_are_in_use_than_memory_keeps_Should_read_and_update_each_from_the_file_as_stored()
    {
        using var store = new LiteDbRunStore(file.Path);
        var created = Enumerable.Range(0, RunDocumentCache.MaxRuns + 8).Select(_ => SampleRuns.New(trajectoryLength: 1)).ToList();
        foreach (var run in created)
        {
            await store.TryCreateRunAsync(run);
        }

        var stale = (await store.GetRunAsync(created[0].Id))!; // the first run, read back from the file
        var fresh = (await store.GetRunAsync(created[0].Id))!;
        fresh.Status = RunStatus.Completed;
        Assert.True(await store.TryUpdateRunAsync(fresh));
        foreach (var run in created.Skip(1))
        {
            await store.GetRunAsync(run.Id); // pushes the first run out of memory again
        }

        stale.Status = RunStatus.Failed;
        Assert.False(await store.TryUpdateRunAsync(stale)); // the version read from the file, not a forgotten copy
        var read = (await store.GetRunAsync(created[0].Id))!;
        Assert.Equal(RunStatus.Completed, read.Status);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task When_memo_keys_were_never_stored_Should_answer_without_asking_the_index()
    {
        using var store = new LiteDbRunStore(file.Path);
        var stored = new ExampleResultRecord { Key = new string('a', 64), Answer = "x", Score = 1, Calls = 1 };
        await store.TryRecordExampleResultsAsync([stored]);
        var before = store.MemoIndexQueries;

        var absent = await store.GetExampleResultsAsync([.. Enumerable.Range(0, 32).Select(i => $"{i:x64}")]);
        var added = await store.TryRecordExampleResultsAsync([new ExampleResultRecord { Key = new string('b', 64), Answer = "y", Score = 0 }]);
        var afterAbsent = store.MemoIndexQueries;
        var present = await store.GetExampleResultsAsync([stored.Key, new string('c', 64)]);

        // Nearly every memo look-up under load asks for answers not given yet; only a key the store may hold costs a query.
        Assert.Empty(absent);
        Assert.Single(added);
        Assert.Equal(before, afterAbsent);
        Assert.Equal(afterAbsent + 1, store.MemoIndexQueries);
        Assert.Equal("x", Assert.Single(present).Value.Answer);
    }

    [Fact]
    public async Task When_the_store_is_reopened_Should_still_know_every_memo_key_it_holds()
    {
        var keys = Enumerable.Range(0, 300).Select(i => $"{i:x64}").ToList();
        using (var first = new LiteDbRunStore(file.Path))
        {
            await first.TryRecordExampleResultsAsync([.. keys.Select(k => new ExampleResultRecord { Key = k, Answer = k[^3..], Score = 1, Calls = 1 })]);
        }

        using var reopened = new LiteDbRunStore(file.Path);
        var found = await reopened.GetExampleResultsAsync(keys);
        var addedAgain = await reopened.TryRecordExampleResultsAsync([new ExampleResultRecord { Key = keys[7], Answer = "forged", Score = 0 }]);

        // The filter is filled from the file's index when the store opens: a key from before is found, and not taken twice.
        Assert.Equal(keys.Count, found.Count);
        Assert.Equal(keys[123][^3..], found[keys[123]].Answer);
        Assert.Empty(addedAgain);
        Assert.Equal(keys[7][^3..], (await reopened.GetExampleResultsAsync([keys[7]]))[keys[7]].Answer);
    }

    [Fact]
    public async Task When_a_file_holds_answers_stored_one_per_document_before_pages_Should_find_them_and_never_store_their_keys_again()
    {
        var old = Enumerable.Range(0, 20).Select(i => $"{i:x64}").ToList();
        using (new LiteDbRunStore(file.Path))
        {
            // An empty store's file, then answers as the store wrote them before pages: one document per key, in "examples".
        }

        using (var database = new LiteDB.LiteDatabase($"Filename={file.Path};Connection=direct"))
        {
            database.GetCollection("examples").Insert(old.Select(key => new LiteDB.BsonDocument
            {
                ["_id"] = key, ["Answer"] = "old " + key[^2..], ["Score"] = 1.0, ["Calls"] = 1L, ["InputTokens"] = 10L,
            }));
        }

        var fresh = new string('f', 64);
        using (var store = new LiteDbRunStore(file.Path))
        {
            var found = await store.GetExampleResultsAsync(old);
            var added = await store.TryRecordExampleResultsAsync([
                new ExampleResultRecord { Key = old[3], Answer = "forged", Score = 0 },
                new ExampleResultRecord { Key = fresh, Answer = "new", Score = 1, Calls = 1 }]);

            Assert.Equal(old.Count, found.Count);
            Assert.Equal("old 0c", found[old[12]].Answer);
            Assert.Equal(10, found[old[12]].InputTokens);
            Assert.Equal([fresh], added);
        }

        using var reopened = new LiteDbRunStore(file.Path);
        var all = await reopened.GetExampleResultsAsync([.. old, fresh]);
        Assert.Equal(old.Count + 1, all.Count);
        Assert.Equal("old 03", all[old[3]].Answer);
        Assert.Equal("new", all[fresh].Answer);
    }

    [Fact]
    public async Task When_one_call_records_more_answer_text_than_one_document_may_hold_Should_store_and_find_every_answer()
    {
        // LiteDB refuses a document over 16 MB: 24 answers of 1 MB each must not be one page.
        var answers = Enumerable.Range(0, 24).Select(i => new ExampleResultRecord { Key = $"{i:x64}", Answer = new string((char)('a' + i), 1 << 20), Score = 1 }).ToList();
        using (var store = new LiteDbRunStore(file.Path))
        {
            Assert.Equal(answers.Count, (await store.TryRecordExampleResultsAsync(answers)).Count);
        }

        using var reopened = new LiteDbRunStore(file.Path);
        var found = await reopened.GetExampleResultsAsync([.. answers.Select(a => a.Key)]);
        Assert.Equal(answers.Count, found.Count);
        Assert.All(answers, answer => Assert.Equal(answer.Answer, found[answer.Key].Answer));
    }

    [Fact]
    public async Task When_a_memo_key_differs_from_a_stored_one_only_in_case_Should_answer_as_the_index_compares_keys()
    {
        using var store = new LiteDbRunStore(file.Path);
        var upper = new string('A', 60) + "BEEF";
        await store.TryRecordExampleResultsAsync([new ExampleResultRecord { Key = upper, Answer = "x", Score = 1 }]);

        var added = await store.TryRecordExampleResultsAsync([new ExampleResultRecord { Key = upper.ToLowerInvariant(), Answer = "y", Score = 0 }]);

        // LiteDB's _id index ignores case (its default collation): the in-memory filter must hash keys the same way, or
        // it would call the lower-case key new and its insert would fail the write queue's shared transaction.
        Assert.Empty(added);
        Assert.Single(await store.GetExampleResultsAsync([upper.ToLowerInvariant()]));
    }

    [Fact]
    public async Task When_memo_and_score_look_ups_each_ask_for_other_keys_Should_compile_no_new_code_per_look_up()
    {
        using var store = new LiteDbRunStore(file.Path);
        // Stored first, so that each look-up reaches the index (keys the store does not hold cost no query at all).
        await store.TryRecordExampleResultsAsync([.. Enumerable.Range(0, 320).Select(i => new ExampleResultRecord { Key = $"{i:x64}", Answer = "x", Score = 1 })]);
        async Task LookUpAsync(int i)
        {
            await store.GetExampleResultsAsync([$"{i:x64}", $"{i + 1_000_000:x64}"]);
            await store.GetBatchScoresAsync(Guid.NewGuid(), i % 7);
            await store.GetUsageAsync(Guid.NewGuid());
        }

        for (var i = 0; i < 20; i++)
        {
            await LookUpAsync(i); // the first calls compile LiteDB's and the store's own code
        }

        // LiteDB compiles each distinct expression text into a delegate (and keeps it); with the keys written into
        // the text every look-up compiled new code on the caller's thread. The store's calls complete synchronously.
        var before = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true);
        for (var i = 20; i < 320; i++)
        {
            await LookUpAsync(i);
        }

        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: true) - before;
        Assert.True(compiled < 30, $"{compiled} methods compiled for 300 look-ups");
    }

    [Fact]
    public async Task When_many_cache_writes_and_usage_increments_are_acknowledged_at_once_Should_all_be_there_after_reopening()
    {
        var runId = Guid.NewGuid();
        using (var first = new LiteDbRunStore(file.Path))
        {
            // Concurrent callers: the store commits them in batches on its writer thread.
            await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() => i % 2 == 0
                ? first.SetCachedResponseAsync($"key-{i}", [(byte)i, 7])
                : first.AddUsageAsync(new UsageRecord { RunId = runId, Step = i % 3, Role = "task", Calls = 1, InputTokens = i }))));
        }

        using var reopened = new LiteDbRunStore(file.Path);

        for (var i = 0; i < 400; i += 2)
        {
            Assert.Equal([(byte)i, 7], await reopened.GetCachedResponseAsync($"key-{i}"));
        }

        var usage = await reopened.GetUsageAsync(runId);
        Assert.Equal(200, usage.Sum(u => u.Calls));
        Assert.Equal(Enumerable.Range(0, 400).Where(i => i % 2 == 1).Sum(i => (long)i), usage.Sum(u => u.InputTokens));
        Assert.Equal([0, 1, 2], usage.Select(u => u.Step));
    }

    [Fact]
    public async Task When_the_files_are_taken_while_the_store_is_still_open_Should_open_cleanly_and_recover_the_flushed_writes()
    {
        // A killed process leaves the data file and LiteDB's -log file as they are: no checkpoint, no close.
        // LiteDB acknowledges a commit before its background writer has put the pages in the log, so a snapshot
        // taken at once may miss the newest writes; every snapshot must still open, and once the writer has
        // flushed (milliseconds) one must hold everything, replayed from the log.
        var run = SampleRuns.New();
        using var running = new LiteDbRunStore(file.Path);
        await WriteOneOfEachAsync(running, run);

        for (var attempt = 1; ; attempt++)
        {
            var snapshot = Path.Combine(file.Folder, $"killed-{attempt}");
            Directory.CreateDirectory(snapshot);
            foreach (var written in Directory.GetFiles(file.Folder))
            {
                File.Copy(written, Path.Combine(snapshot, Path.GetFileName(written)));
            }

            Assert.True(File.Exists(Path.Combine(snapshot, "runs-log.db")), "expected the writes to be in LiteDB's log, not yet checkpointed");
            using var recovered = new LiteDbRunStore(Path.Combine(snapshot, "runs.db"));
            if (await HasEverythingAsync(recovered, run) || attempt == 50)
            {
                await AssertOneOfEachAsync(recovered, run);
                return;
            }

            await Task.Delay(20);
        }
    }

    private static async Task WriteOneOfEachAsync(LiteDbRunStore store, RunRecord run)
    {
        await store.TryCreateRunAsync(run);
        run.CurrentStep = 5;
        await store.TryUpdateRunAsync(run);
        await store.TryRecordBatchScoreAsync(SampleRuns.Score(run.Id, 1, 0, 0));
        await store.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 1, Role = "task", Calls = 3 });
        await store.SetCachedResponseAsync("key", [7]);
        await store.SetChampionAsync(new ChampionRecord { Task = "navigate", Prompt = "p" });
    }

    private static async Task<bool> HasEverythingAsync(LiteDbRunStore store, RunRecord run) =>
        (await store.GetRunAsync(run.Id))?.Version == 2
        && (await store.GetBatchScoresAsync(run.Id, 1)).Count == 1
        && (await store.GetUsageAsync(run.Id)).Count == 1
        && await store.GetCachedResponseAsync("key") is not null
        && await store.GetChampionAsync("navigate") is not null;

    private static async Task AssertOneOfEachAsync(LiteDbRunStore store, RunRecord run)
    {
        var stored = (await store.GetRunAsync(run.Id))!;
        Assert.Equal((5, 2L), (stored.CurrentStep, stored.Version));
        Assert.Single(await store.GetBatchScoresAsync(run.Id, 1));
        Assert.Equal(3, (await store.GetUsageAsync(run.Id)).Single().Calls);
        Assert.Equal([7], await store.GetCachedResponseAsync("key"));
        Assert.Equal("p", (await store.GetChampionAsync("navigate"))!.Prompt);
        Assert.False(await store.TryRecordBatchScoreAsync(SampleRuns.Score(run.Id, 1, 0, 0)));
    }
}
