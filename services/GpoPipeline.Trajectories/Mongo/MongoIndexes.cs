using MongoDB.Driver;

namespace GpoPipeline.Trajectories.Mongo;

/// <summary>The indexes the store's guarantees rest on; creating an existing index is a no-op on the server.</summary>
internal static class MongoIndexes
{
    public static async Task CreateAsync(
        IMongoCollection<RunRecord> runs,
        IMongoCollection<BatchScoreRecord> scores,
        IMongoCollection<UsageRecord> usage)
    {
        // One document per scored batch: a redelivered BatchScored cannot be counted twice (DESIGN §2).
        await scores.Indexes.CreateOneAsync(new CreateIndexModel<BatchScoreRecord>(
            Builders<BatchScoreRecord>.IndexKeys
                .Ascending(score => score.RunId)
                .Ascending(score => score.Step)
                .Ascending(score => score.Split)
                .Ascending(score => score.CandidateIndex)
                .Ascending(score => score.BatchIndex),
            new CreateIndexOptions { Unique = true, Name = "batch_identity" }));

        // One counter per (run, step, role), so $inc upserts of concurrent workers meet on one document.
        await usage.Indexes.CreateOneAsync(new CreateIndexModel<UsageRecord>(
            Builders<UsageRecord>.IndexKeys
                .Ascending(record => record.RunId)
                .Ascending(record => record.Step)
                .Ascending(record => record.Role),
            new CreateIndexOptions { Unique = true, Name = "usage_identity" }));

        await runs.Indexes.CreateOneAsync(new CreateIndexModel<RunRecord>(
            Builders<RunRecord>.IndexKeys.Descending(run => run.CreatedAt),
            new CreateIndexOptions { Name = "newest_first" }));

        // The runs in one status a page at a time (ListRunsByStatusAsync: the watchdog reads every Running run), and
        // their ids alone (ListRunIdsInStatusAsync, answered from the index).
        await runs.Indexes.CreateOneAsync(new CreateIndexModel<RunRecord>(
            Builders<RunRecord>.IndexKeys.Ascending(run => run.Status).Ascending(run => run.Id),
            new CreateIndexOptions { Name = "status_then_id" }));
    }
}
