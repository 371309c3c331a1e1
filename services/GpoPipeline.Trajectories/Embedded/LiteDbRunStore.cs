using System.Globalization;
using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The embedded run store (DESIGN §3): one LiteDB file, the default for the CLI and for machines without MongoDB.
/// LiteDB makes each single write atomic, and after a killed process the reopened file replays its log: the store
/// comes back with whole transactions only. LiteDB's background writer puts a commit in the log a few
/// milliseconds after acknowledging it, so the newest writes of a killed process can be missing; the pipeline
/// resumes from stored state, so at worst it repeats that work (tests: LiteDbRunStore_Specs). Its
/// unique _id index rejects a second insert of a key even under concurrency; compare-and-set and promotions are
/// read-modify-write, so they hold a lock; cache entries and usage increments go through one writer thread that
/// commits them in batches (LiteDbWriteQueue). That lock is per store instance: one file must be opened
/// by one store in one process only (Connection=direct; AddRunStore registers a singleton; a second open throws;
/// another process is refused by an OS-level lock, <see cref="StoreFileLock"/>). Being the file's one owner, it keeps
/// exact in-memory views of what the scheduler asks after every reply: <see cref="RunDocumentCache"/>,
/// <see cref="RecordedBatchIndex"/> and the memo's <see cref="MemoLocator"/> (DESIGN §3).
/// </summary>
public sealed class LiteDbRunStore : IRunStore, IStoreFaultSource, IDisposable
{
    /// <summary>What the errors about its file call it.</summary>
    internal const string Kind = "run store";
    private readonly EmbeddedStoreFile file;
    private readonly LiteDatabase database;
    private int disposed;
    private readonly BsonMapper mapper;
    private readonly ILiteCollection<RunRecord> runs;
    private readonly ILiteCollection<BsonDocument> runDocuments;
    private readonly ILiteCollection<BsonDocument> scores;
    private readonly ILiteCollection<BsonDocument> usage;
    private readonly ILiteCollection<BsonDocument> cache;
    private readonly LiteDbMemo memo;
    private readonly RecordedBatchIndex recordedBatches = new();
    private readonly RunDocumentCache runCache = new();
    private readonly LiteDbContentStore contents;
    private readonly ILiteCollection<ChampionRecord> champions;
    private readonly LiteDbEarlyCancels earlyCancels;
    private readonly Lock readModifyWriteGate = new();
    private readonly LiteDbWriteQueue hotWrites;
    private readonly LiteDbLog durable;

    /// <param name="path">The database file; its folder must exist.</param>
    /// <param name="onFault">Called once when the file breaks for good (<see cref="Fault"/>); a service logs it.</param>
    public LiteDbRunStore(string path, Action<StoreFault>? onFault = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        mapper = LiteDbMapping.Create();
        // Whatever fails once the file is open (a damaged page met while reading the memo, an index that cannot be made)
        // closes it again: a leaked engine, log handle or lock kept the claim, and a retry in this process was refused
        // as "already open" instead of hearing what is wrong.
        file = EmbeddedStoreFile.Open(path, mapper, Kind, onFault);
        try
        {
            database = file.Database;
            durable = file.Log;

            LiteDbCollections.CreateMissing(database, ["runs", "scores", "usage", "cache", LiteDbMemo.PagesCollection, "champions", LiteDbEarlyCancels.Collection, .. LiteDbContentStore.Collections]);
            runs = database.GetCollection<RunRecord>("runs");
            runDocuments = database.GetCollection("runs");
            scores = database.GetCollection("scores");
            usage = database.GetCollection("usage");
            cache = database.GetCollection("cache");
            contents = new LiteDbContentStore(database, readModifyWriteGate);
            champions = database.GetCollection<ChampionRecord>("champions");
            earlyCancels = new LiteDbEarlyCancels(database, readModifyWriteGate);
            runs.EnsureIndex(run => run.CreatedAt);
            runs.EnsureIndex(run => run.Status); // the watchdog reads every Running run (ListRunsByStatusAsync)
            // Memo keys compare as the _id index compares them: LiteDB's default collation ignores case.
            memo = new LiteDbMemo(database, mapper, database.Collation.Culture.CompareInfo.GetStringComparer(database.Collation.SortOptions));
            writtenUsage = new(database.Collation.Culture.CompareInfo.GetStringComparer(database.Collation.SortOptions));
            writtenScores = new WrittenScoreKeys(database.Collation.Culture.CompareInfo.GetStringComparer(database.Collation.SortOptions));
            hotWrites = new LiteDbWriteQueue(database, durable.Flush, onFailure: () =>
            {
                writtenUsage.Clear();
                writtenScores.Clear();
            });
        }
        catch
        {
            CloseAfterFailedOpen();
            throw;
        }
    }

    private void CloseAfterFailedOpen()
    {
        try
        {
            Close();
        }
        catch (Exception)
        {
            // What made the open fail is what its caller must hear.
        }
    }

    /// <summary>Why the file no longer works in this process (an I/O error closed LiteDB's engine), or null (<see cref="StoreFaultMonitor"/>).</summary>
    public StoreFault? Fault => file.Faults.Fault;

    /// <summary>How many times committed writes were flushed to the disk (<see cref="LiteDbLog"/>; for specs).</summary>
    internal long LogFlushes => durable.Flushes;

    /// <summary>How many memo look-ups read the file (<see cref="MemoLocator"/>; for specs).</summary>
    internal long MemoIndexQueries => memo.Queries;

    public Task<bool> TryCreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Run(run);
        cancellationToken.ThrowIfCancellationRequested();
        var previous = run.Version;
        run.Version = 1;
        var document = mapper.ToDocument(run);
        try
        {
            runDocuments.Insert(document);
            durable.Flush();
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            run.Version = previous;
            return Task.FromResult(false);
        }

        lock (readModifyWriteGate)
        {
            runCache.PutIfAbsent(run.Id, new StoredRun(document));
        }

        return Task.FromResult(true);
    }

    public Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(FindStoredRun(runId)?.Copy(mapper));
    }

    /// <summary>The run as stored (<see cref="RunDocumentCache"/>; read from the file when not in memory).</summary>
    private StoredRun? FindStoredRun(Guid runId)
    {
        if (runCache.TryGet(runId, out var cached))
        {
            return cached;
        }

        lock (readModifyWriteGate)
        {
            var document = runDocuments.FindById(runId);
            if (document is null)
            {
                return null;
            }

            var stored = new StoredRun(document);
            runCache.Put(runId, stored);
            return stored;
        }
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<RunRecord> newest = runs.Query().OrderByDescending(run => run.CreatedAt).Limit(limit).ToList();
        return Task.FromResult(newest);
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsByStatusAsync(RunStatus status, int limit, Guid? afterId = null, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Limit(limit);
        cancellationToken.ThrowIfCancellationRequested();
        // The status as the mapper stores it (its name), looked up through the Status index.
        var query = runs.Query().Where("$.Status = @0", mapper.Serialize(status));
        if (afterId is { } after)
        {
            query = query.Where("$._id > @0", new BsonValue(after));
        }

        IReadOnlyList<RunRecord> page = query.OrderBy("$._id").Limit(limit).ToList();
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<Guid>> ListRunIdsInStatusAsync(RunStatus status, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Through the Status index, the ids only: no run is mapped.
        IReadOnlyList<Guid> ids = runs.Query().Where("$.Status = @0", mapper.Serialize(status)).Select(run => run.Id).ToList();
        return Task.FromResult(ids);
    }

    public Task<IReadOnlyList<Guid>> ListRunIdsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<Guid> ids = runs.Query().Select(run => run.Id).ToList();
        return Task.FromResult(ids);
    }

    public Task<bool> TryUpdateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Run(run);
        cancellationToken.ThrowIfCancellationRequested();
        lock (readModifyWriteGate)
        {
            // Only the version is compared: the stored document as it is, no run mapped.
            var stored = FindStoredRun(run.Id);
            var expected = run.Version;
            if (stored is null || stored.Document["Version"].AsInt64 != expected)
            {
                return Task.FromResult(false);
            }

            run.Version = expected + 1;
            var document = mapper.ToDocument(run);
            try
            {
                runDocuments.Update(document);
            }
            catch
            {
                run.Version = expected;
                runCache.Forget(run.Id);
                throw;
            }

            try
            {
                durable.Flush();
            }
            catch
            {
                runCache.Forget(run.Id); // the update may or may not be on the disk
                throw;
            }

            runCache.Put(run.Id, new StoredRun(document)); // mapped by its first reader: a run as read back from the file
            return Task.FromResult(true);
        }
    }

    public async Task<bool> TryRecordBatchScoreAsync(BatchScoreRecord score, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(score);
        cancellationToken.ThrowIfCancellationRequested();
        var recorded = false;
        await RecordingAsync(score, () => recorded = InsertBatchScore(score));
        if (recorded)
        {
            recordedBatches.Recorded(score); // after the commit (RecordedBatchIndex)
        }

        return recorded;
    }

    /// <summary>
    /// On the write queue's thread, which every batch score insert goes through: the look-up before the insert
    /// cannot race another insert, so a batch recorded before is refused without a duplicate-key failure, which
    /// inside the queue's shared transaction would undo the other callers' writes too. The look-up is answered from
    /// the step's keys kept by the queue (<see cref="WrittenScoreKeys"/>).
    /// </summary>
    private bool InsertBatchScore(BatchScoreRecord score)
    {
        var key = RunStoreKeys.Score(score);
        if (!writtenScores.TryAdd(score.RunId, score.Step, key, () => ScoreKeys(score.RunId, score.Step)))
        {
            return false;
        }

        var document = mapper.ToDocument(score);
        document["_id"] = key;
        scores.Insert(document);
        return true;
    }

    /// <summary>A queued write that may record <paramref name="score"/>'s batch. When it fails, the commit may still
    /// have happened (a failed flush): the step's recorded batches are then read from the file again.</summary>
    private async Task RecordingAsync(BatchScoreRecord score, Action apply)
    {
        try
        {
            await hotWrites.EnqueueAsync(apply);
        }
        catch
        {
            recordedBatches.Forget(score.RunId, score.Step);
            throw;
        }
    }

    public Task<IReadOnlyList<BatchScoreRecord>> GetBatchScoresAsync(Guid runId, int step, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prefix = RunStoreKeys.StepPrefix(runId, step);
        IReadOnlyList<BatchScoreRecord> found = scores.Find(IdStartsWith(prefix))
            .Select(mapper.ToObject<BatchScoreRecord>)
            .OrderBy(score => score.Split, StringComparer.Ordinal)
            .ThenBy(score => score.CandidateIndex)
            .ThenBy(score => score.BatchIndex)
            .ToList();
        return Task.FromResult(found);
    }

    /// <summary>From memory for the steps being scored (<see cref="RecordedBatchIndex"/>); read from the file once per
    /// step, parsed from each document's <c>_id</c> (<see cref="RunStoreKeys.Score"/>): no score is mapped.</summary>
    public Task<IReadOnlyList<BatchKey>> GetBatchKeysAsync(Guid runId, int step, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(recordedBatches.Get(runId, step, () =>
        {
            return ScoreKeys(runId, step).Select(key => RunStoreKeys.ParseScore(runId, step, key)).ToList();
        }));
    }

    private IEnumerable<string> ScoreKeys(Guid runId, int step) =>
        scores.Find(IdStartsWith(RunStoreKeys.StepPrefix(runId, step))).Select(document => document["_id"].AsString);

    public Task AddUsageAsync(UsageRecord delta, CancellationToken cancellationToken = default)
    {
        var key = UsageKey(delta, cancellationToken);
        return hotWrites.EnqueueAsync(() => AddUsage(key, delta, chargeId: null));
    }

    public async Task<bool> AddUsageOnceAsync(UsageRecord delta, Guid chargeId, CancellationToken cancellationToken = default)
    {
        var key = UsageKey(delta, cancellationToken);
        var added = false;
        // The queue may apply a write twice (a failed batch is rolled back and replayed): the outcome is set inside.
        await hotWrites.EnqueueAsync(() => added = AddUsage(key, delta, chargeId));
        return added;
    }

    private static string UsageKey(UsageRecord delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        RunStoreArguments.Key(delta.Role, "UsageRecord.Role", nameof(delta));
        cancellationToken.ThrowIfCancellationRequested();
        return RunStoreKeys.Usage(delta.RunId, delta.Step, delta.Role);
    }

    /// <summary>Runs on the write queue's one thread, which serialises every usage increment: no lock needed
    /// (taking the read-modify-write lock inside the queue's open transaction could deadlock with a checkpoint).</summary>
    /// <returns>False when <paramref name="chargeId"/> was added to these counters before (nothing changes).</returns>
    private bool AddUsage(string key, UsageRecord delta, Guid? chargeId)
    {
        var stored = writtenUsage.TryGetValue(key, out var written) ? written : usage.FindById(key);
        // The charge ids live beside the counters in the document (UsageRecord does not carry them).
        var charges = UsageChargeIds.Read(stored);
        if (chargeId is { } id && UsageChargeIds.Contains(charges, id))
        {
            return false;
        }

        var total = stored is null
            ? new UsageRecord { RunId = delta.RunId, Step = delta.Step, Role = delta.Role }
            : mapper.ToObject<UsageRecord>(stored);
        // Saturating: a counter stops at long.MaxValue rather than wrapping negative (and lifting the run's budget).
        total.Calls = SaturatingCount.Add(total.Calls, delta.Calls);
        total.Attempts = SaturatingCount.Add(total.Attempts, delta.Attempts);
        total.CacheHits = SaturatingCount.Add(total.CacheHits, delta.CacheHits);
        total.MemoHits = SaturatingCount.Add(total.MemoHits, delta.MemoHits);
        total.InputTokens = SaturatingCount.Add(total.InputTokens, delta.InputTokens);
        total.OutputTokens = SaturatingCount.Add(total.OutputTokens, delta.OutputTokens);
        total.Cost += delta.Cost;
        var document = mapper.ToDocument(total);
        document["_id"] = key;
        if (chargeId is { } added)
        {
            charges = UsageChargeIds.Append(charges, added, IRunStore.RememberedCharges);
        }

        if (charges.Length > 0)
        {
            document[UsageChargeIds.Field] = charges;
        }

        usage.Upsert(document);
        if (writtenUsage.Count >= MaxWrittenUsage)
        {
            writtenUsage.Clear();
        }

        writtenUsage[key] = document;
        return true;
    }

    /// <summary>
    /// The usage documents as the write queue last wrote them, by key: a step's counters are written again at every
    /// scorer reply, and reading each back through LiteDB's query pipeline first (FindById) was ~7 % of what the
    /// zero-cost P3 pipeline allocated. Only the queue's thread reads and writes it (every usage write goes through the
    /// queue), and the queue drops it whenever a write may not be what the file holds (a rolled-back batch, a failed
    /// write or flush), so a document kept here is the one the file has or is about to commit in the same transaction.
    /// </summary>
    private readonly Dictionary<string, BsonDocument> writtenUsage;

    private readonly WrittenScoreKeys writtenScores;

    private const int MaxWrittenUsage = 1024;

    public Task<IReadOnlyList<UsageRecord>> GetUsageAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prefix = RunStoreKeys.RunPrefix(runId);
        IReadOnlyList<UsageRecord> found = usage.Find(IdStartsWith(prefix))
            .Select(mapper.ToObject<UsageRecord>)
            .OrderBy(record => record.Step)
            .ThenBy(record => record.Role, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(found);
    }

    public Task<byte[]?> GetCachedResponseAsync(string key, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(key, "The cache key", nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(cache.FindById(key)?["Value"].AsBinary);
    }

    public Task SetCachedResponseAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(key, "The cache key", nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        cancellationToken.ThrowIfCancellationRequested();
        var document = new BsonDocument { ["_id"] = key, ["Value"] = value, ["StoredAt"] = DateTime.UtcNow };
        return hotWrites.EnqueueAsync(() => cache.Upsert(document));
    }

    public Task RemoveCachedResponseAsync(string key, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(key, "The cache key", nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        cache.Delete(key);
        durable.Flush();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, ExampleResultRecord>> GetExampleResultsAsync(
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var found = new Dictionary<string, ExampleResultRecord>(StringComparer.Ordinal);
        var stored = memo.Find(keys);
        foreach (var key in keys)
        {
            if (stored.TryGetValue(key, out var document))
            {
                found[key] = memo.ToResult(key, document); // under the caller's key, whatever case the stored one has
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, ExampleResultRecord>>(found);
    }

    public async Task<IReadOnlySet<string>> TryRecordExampleResultsAsync(
        IReadOnlyList<ExampleResultRecord> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        ValidateKeys(results);
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlySet<string> added = new HashSet<string>();
        // One group commit for the whole batch; the memo, on the queue's one thread, decides which key is new.
        await hotWrites.EnqueueAsync(() => added = memo.Insert(results));
        return added;
    }

    /// <summary>
    /// A scorer reply in one transaction of the write queue (answers, their usage, the batch score): one commit
    /// instead of three queued ones per reply, which were the scheduler's longest waits per BatchScored in P3.
    /// </summary>
    public async Task<ScoredBatchOutcome> RecordScoredBatchAsync(ScoredBatch reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ValidateKeys(reply.Results);
        RunStoreArguments.Key(reply.Role, "ScoredBatch.Role", nameof(reply));
        cancellationToken.ThrowIfCancellationRequested();
        ScoredBatchOutcome? outcome = null;
        BatchScoreRecord? recordedBatch = null;
        // The queue may apply a write twice (a failed batch is rolled back and replayed): everything is computed inside.
        await RecordingAsync(reply.Batch, () =>
        {
            var added = memo.Insert(reply.Results);
            var charge = reply.Charge(added);
            if (!ScoredBatch.IsEmpty(charge))
            {
                AddUsage(RunStoreKeys.Usage(charge.RunId, charge.Step, charge.Role), charge, reply.ReplyId == Guid.Empty ? null : reply.ReplyId);
            }

            var fresh = reply.Results.Where(r => added.Contains(r.Key)).DistinctBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, StringComparer.Ordinal);
            var kept = memo.Find([.. reply.Keys.Where(k => !fresh.ContainsKey(k))]);
            var batch = reply.Assemble(key => fresh.GetValueOrDefault(key) ?? (kept.TryGetValue(key, out var document) ? memo.ToResult(key, document) : null));
            outcome = new ScoredBatchOutcome(added, batch is not null && InsertBatchScore(batch));
            recordedBatch = batch;
        });
        if (outcome!.BatchRecorded)
        {
            recordedBatches.Recorded(recordedBatch!); // after the commit (RecordedBatchIndex)
        }

        return outcome;
    }

    // Values go in as parameters, never into the expression text (LiteDB's Query.In/StartsWith write them in): LiteDB
    // compiles each distinct expression text into a new delegate and keeps it for the life of the process, so every
    // look-up with its own keys was a JIT compilation (≈0.3 s of each second under P3, dotnet-counters; 2.5 ms
    // per query against 0.2 ms) and a cache that only grows. Both forms seek the _id index (EXPLAIN).
    private static BsonExpression IdStartsWith(string prefix) => BsonExpression.Create("_id LIKE @0", new BsonValue(prefix + "%"));

    // Before queuing: a bad key must fail its caller only, not roll back the queue's shared transaction.
    private static void ValidateKeys(IReadOnlyList<ExampleResultRecord> results)
    {
        foreach (var result in results)
        {
            RunStoreArguments.Key(result.Key, "ExampleResultRecord.Key", nameof(results));
        }
    }

    public Task StoreContentAsync(string sha256, byte[] content, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(sha256, "The content hash", nameof(sha256));
        ArgumentNullException.ThrowIfNull(content);
        cancellationToken.ThrowIfCancellationRequested();
        contents.Store(sha256, content);
        durable.Flush();
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(sha256, "The content hash", nameof(sha256));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(contents.Get(sha256));
    }

    public Task<ChampionRecord?> GetChampionAsync(string task, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(task, "The task name", nameof(task));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<ChampionRecord?>(champions.FindById(task));
    }

    public Task SetChampionAsync(ChampionRecord champion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(champion);
        RunStoreArguments.Key(champion.Task, "ChampionRecord.Task", nameof(champion));
        cancellationToken.ThrowIfCancellationRequested();
        lock (readModifyWriteGate)
        {
            champions.Upsert(ChampionHistory.Promote(champions.FindById(champion.Task), champion));
        }

        durable.Flush();

        return Task.CompletedTask;
    }

    public Task RememberEarlyCancelAsync(Guid runId, string reason, DateTime at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        cancellationToken.ThrowIfCancellationRequested();
        earlyCancels.Remember(runId, reason, at);
        durable.Flush();
        return Task.CompletedTask;
    }

    public Task<string?> TakeEarlyCancelAsync(Guid runId, DateTime notBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (removed, reason) = earlyCancels.Take(runId, notBefore);
        if (removed)
        {
            durable.Flush(); // every StartRun asks; only a removal is written
        }

        return Task.FromResult(reason);
    }

    public void Dispose()
    {
        // A second Dispose must not release the claim of a store that reopened the file since.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Close();
    }

    /// <summary>Closes what is open, the file even if the queue fails; also after a failed open.</summary>
    private void Close()
    {
        try
        {
            hotWrites?.Dispose(); // its last commits go in before the file closes
        }
        finally
        {
            file.Dispose();
        }
    }
}
