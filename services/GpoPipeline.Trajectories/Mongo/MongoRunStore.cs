using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Configuration;

namespace GpoPipeline.Trajectories.Mongo;

/// <summary>
/// The distributed run store (DESIGN §3) on MongoDB. Writes use majority write concern so an acknowledged step
/// survives a primary failover; idempotency comes from unique indexes and compare-and-set filters, never from
/// reading first, so any number of worker processes can share it.
/// </summary>
public sealed class MongoRunStore : IRunStore, IDisposable
{
    private const int UpsertAttempts = 3;
    private readonly MongoClient client;
    private readonly IMongoCollection<RunRecord> runs;
    private readonly IMongoCollection<BatchScoreRecord> scores;
    private readonly IMongoCollection<UsageRecord> usage;
    private readonly IMongoCollection<MongoCacheEntry> cache;
    private readonly IMongoCollection<ChampionRecord> champions;
    private readonly IMongoCollection<ExampleResultRecord> examples;
    private readonly MongoContentStore contents;
    private readonly MongoEarlyCancels earlyCancels;
    private readonly Lock indexGate = new();
    private Task? indexes;

    public MongoRunStore(string connectionString, string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        MongoMappings.EnsureRegistered();
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.WriteConcern = WriteConcern.WMajority;
        // The driver's spans (ActivitySource "MongoDB.Driver", listened to by ServiceDefaults) are on unless disabled;
        // stated here so a connection string cannot silently turn them off.
        // QueryTextMaxLength stays 0: commands carry prompts, and prompts stay out of spans (DESIGN §5).
        settings.TracingOptions = new TracingOptions { Disabled = false, QueryTextMaxLength = 0 };
        client = new MongoClient(settings);
        var database = client.GetDatabase(databaseName);
        runs = database.GetCollection<RunRecord>("runs");
        scores = database.GetCollection<BatchScoreRecord>("scores");
        usage = database.GetCollection<UsageRecord>("usage");
        cache = database.GetCollection<MongoCacheEntry>("cache");
        champions = database.GetCollection<ChampionRecord>("champions");
        examples = database.GetCollection<ExampleResultRecord>("examples");
        contents = new MongoContentStore(database);
        earlyCancels = new MongoEarlyCancels(database);
    }

    public async Task<bool> TryCreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Run(run);
        await EnsureIndexesAsync(cancellationToken);
        var previous = run.Version;
        run.Version = 1;
        try
        {
            await runs.InsertOneAsync(run, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            run.Version = previous;
            return false;
        }
    }

    public async Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync(cancellationToken);
        return await runs.Find(run => run.Id == runId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Limit(limit);
        await EnsureIndexesAsync(cancellationToken);
        return await runs.Find(FilterDefinition<RunRecord>.Empty)
            .SortByDescending(run => run.CreatedAt)
            .Limit(limit)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsByStatusAsync(RunStatus status, int limit, Guid? afterId = null, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Limit(limit);
        await EnsureIndexesAsync(cancellationToken);
        var filter = Builders<RunRecord>.Filter.Eq(run => run.Status, status);
        if (afterId is { } after)
        {
            filter &= Builders<RunRecord>.Filter.Gt(run => run.Id, after);
        }

        // Served by the status_then_id index: equality on the status, then the ids in order.
        return await runs.Find(filter)
            .SortBy(run => run.Id)
            .Limit(limit)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ListRunIdsInStatusAsync(RunStatus status, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync(cancellationToken);
        // Covered by the status_then_id index: the server answers from the index without reading a run.
        return await runs.Find(Builders<RunRecord>.Filter.Eq(run => run.Status, status)).Project(run => run.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Guid>> ListRunIdsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync(cancellationToken);
        return await runs.Find(FilterDefinition<RunRecord>.Empty).Project(run => run.Id).ToListAsync(cancellationToken);
    }

    public async Task<bool> TryUpdateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Run(run);
        await EnsureIndexesAsync(cancellationToken);
        var id = run.Id;
        var expected = run.Version;
        run.Version = expected + 1;
        try
        {
            // The filter is the compare, the replacement the set: the server does both atomically.
            var result = await runs.ReplaceOneAsync(stored => stored.Id == id && stored.Version == expected, run, cancellationToken: cancellationToken);
            if (result.MatchedCount == 1)
            {
                return true;
            }
        }
        catch
        {
            run.Version = expected;
            throw;
        }

        run.Version = expected;
        return false;
    }

    public async Task<bool> TryRecordBatchScoreAsync(BatchScoreRecord score, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(score);
        await EnsureIndexesAsync(cancellationToken);
        try
        {
            await scores.InsertOneAsync(score, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<BatchScoreRecord>> GetBatchScoresAsync(Guid runId, int step, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync(cancellationToken);
        return await scores.Find(score => score.RunId == runId && score.Step == step)
            .SortBy(score => score.Split)
            .ThenBy(score => score.CandidateIndex)
            .ThenBy(score => score.BatchIndex)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<BatchKey>> GetBatchKeysAsync(Guid runId, int step, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync(cancellationToken);
        var found = await scores.Find(score => score.RunId == runId && score.Step == step)
            .Project(score => new { score.Step, score.Split, score.CandidateIndex, score.BatchIndex })
            .ToListAsync(cancellationToken);
        return [.. found.Select(score => new BatchKey(score.Step, score.Split, score.CandidateIndex, score.BatchIndex))];
    }

    public async Task AddUsageAsync(UsageRecord delta, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delta);
        RunStoreArguments.Key(delta.Role, "UsageRecord.Role", nameof(delta));
        await EnsureIndexesAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await usage.UpdateOneAsync(CounterOf(delta), Increments(delta), new UpdateOptions { IsUpsert = true }, cancellationToken);
                return;
            }
            catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey && attempt < UpsertAttempts)
            {
                // Two first increments raced to insert the counter; the loser's retry finds it and increments it.
            }
        }
    }

    public async Task<bool> AddUsageOnceAsync(UsageRecord delta, Guid chargeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delta);
        RunStoreArguments.Key(delta.Role, "UsageRecord.Role", nameof(delta));
        await EnsureIndexesAsync(cancellationToken);
        // The charge ids live beside the counters in the document (UsageRecord does not carry them; extra elements
        // are ignored on reads, MongoMappings). One update checks and adds: the counter without this charge gets the
        // increments and the id, the newest RememberedCharges kept.
        var charge = new BsonBinaryData(chargeId, GuidRepresentation.Standard);
        var filter = CounterOf(delta) & Builders<UsageRecord>.Filter.Ne(ChargesField, charge);
        var update = Increments(delta).PushEach(ChargesField, [charge], slice: -IRunStore.RememberedCharges);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await usage.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, cancellationToken);
                return true;
            }
            catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey && attempt < UpsertAttempts)
            {
                // The counter exists but the filter did not match it: it holds this charge already, or a first
                // increment raced this one to insert it (then the retry finds it).
                if (await usage.Find(CounterOf(delta) & Builders<UsageRecord>.Filter.Eq(ChargesField, charge)).AnyAsync(cancellationToken))
                {
                    return false;
                }
            }
        }
    }

    private const string ChargesField = "Charges";

    private static FilterDefinition<UsageRecord> CounterOf(UsageRecord delta)
    {
        var (runId, step, role) = (delta.RunId, delta.Step, delta.Role);
        return Builders<UsageRecord>.Filter.Where(record => record.RunId == runId && record.Step == step && record.Role == role);
    }

    private static UpdateDefinition<UsageRecord> Increments(UsageRecord delta) => Builders<UsageRecord>.Update
        .Inc(record => record.Calls, delta.Calls)
        .Inc(record => record.Attempts, delta.Attempts)
        .Inc(record => record.CacheHits, delta.CacheHits)
        .Inc(record => record.MemoHits, delta.MemoHits)
        .Inc(record => record.InputTokens, delta.InputTokens)
        .Inc(record => record.OutputTokens, delta.OutputTokens)
        .Inc(record => record.Cost, delta.Cost);

    public async Task<IReadOnlyList<UsageRecord>> GetUsageAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync(cancellationToken);
        return await usage.Find(record => record.RunId == runId)
            .SortBy(record => record.Step)
            .ThenBy(record => record.Role)
            .ToListAsync(cancellationToken);
    }

    public async Task<byte[]?> GetCachedResponseAsync(string key, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(key, "The cache key", nameof(key));
        await EnsureIndexesAsync(cancellationToken);
        var entry = await cache.Find(stored => stored.Id == key).FirstOrDefaultAsync(cancellationToken);
        return entry?.Value;
    }

    public async Task SetCachedResponseAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(key, "The cache key", nameof(key));
        ArgumentNullException.ThrowIfNull(value);
        await EnsureIndexesAsync(cancellationToken);
        var entry = new MongoCacheEntry { Id = key, Value = value, StoredAt = DateTime.UtcNow };
        await cache.ReplaceOneAsync(stored => stored.Id == key, entry, new ReplaceOptions { IsUpsert = true }, cancellationToken);
    }

    public async Task RemoveCachedResponseAsync(string key, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(key, "The cache key", nameof(key));
        await EnsureIndexesAsync(cancellationToken);
        await cache.DeleteOneAsync(stored => stored.Id == key, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, ExampleResultRecord>> GetExampleResultsAsync(
        IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var wanted = keys.Distinct(StringComparer.Ordinal).ToList();
        var found = await examples.Find(Builders<ExampleResultRecord>.Filter.In(record => record.Key, wanted)).ToListAsync(cancellationToken);
        return found.ToDictionary(record => record.Key, StringComparer.Ordinal);
    }

    public async Task<IReadOnlySet<string>> TryRecordExampleResultsAsync(
        IReadOnlyList<ExampleResultRecord> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        var added = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            RunStoreArguments.Key(result.Key, "ExampleResultRecord.Key", nameof(results));
            try
            {
                // _id is the key: the server itself keeps the first writer's answer.
                await examples.InsertOneAsync(result, cancellationToken: cancellationToken);
                added.Add(result.Key);
            }
            catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
            }
        }

        return added;
    }

    public Task StoreContentAsync(string sha256, byte[] content, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(sha256, "The content hash", nameof(sha256));
        ArgumentNullException.ThrowIfNull(content);
        return contents.StoreAsync(sha256, content, cancellationToken);
    }

    public Task<byte[]?> GetContentAsync(string sha256, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(sha256, "The content hash", nameof(sha256));
        return contents.GetAsync(sha256, cancellationToken);
    }

    public async Task<ChampionRecord?> GetChampionAsync(string task, CancellationToken cancellationToken = default)
    {
        RunStoreArguments.Key(task, "The task name", nameof(task));
        await EnsureIndexesAsync(cancellationToken);
        return await champions.Find(champion => champion.Task == task).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetChampionAsync(ChampionRecord champion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(champion);
        var task = champion.Task;
        RunStoreArguments.Key(task, "ChampionRecord.Task", nameof(champion));
        await EnsureIndexesAsync(cancellationToken);
        while (true)
        {
            var current = await champions.Find(stored => stored.Task == task).FirstOrDefaultAsync(cancellationToken);
            var next = ChampionHistory.Promote(current, champion);
            if (current is null)
            {
                try
                {
                    await champions.InsertOneAsync(next, cancellationToken: cancellationToken);
                    return;
                }
                catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
                {
                    continue;
                }
            }

            // History grows by one per promotion, so its length is the document's version: a concurrent
            // promotion changes it and this replace matches nothing, and we retry on the new champion.
            var filter = Builders<ChampionRecord>.Filter.Eq(stored => stored.Task, task)
                & Builders<ChampionRecord>.Filter.Size(stored => stored.History, current.History.Count);
            var result = await champions.ReplaceOneAsync(filter, next, cancellationToken: cancellationToken);
            if (result.MatchedCount == 1)
            {
                return;
            }
        }
    }

    public void Dispose() => client.Dispose();

    /// <summary>Creates the indexes once per store (idempotent on the server); a failed attempt is retried by the next call.</summary>
    public async Task RememberEarlyCancelAsync(Guid runId, string reason, DateTime at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        await EnsureIndexesAsync(cancellationToken);
        await earlyCancels.RememberAsync(runId, reason, at, cancellationToken);
    }

    public async Task<string?> TakeEarlyCancelAsync(Guid runId, DateTime notBefore, CancellationToken cancellationToken = default)
    {
        await EnsureIndexesAsync(cancellationToken);
        return await earlyCancels.TakeAsync(runId, notBefore, cancellationToken);
    }

    private Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        lock (indexGate)
        {
            if (indexes is null || indexes.IsFaulted || indexes.IsCanceled)
            {
                indexes = Task.WhenAll(MongoIndexes.CreateAsync(runs, scores, usage), earlyCancels.CreateIndexAsync());
            }

            return indexes.WaitAsync(cancellationToken);
        }
    }
}
