using MongoDB.Bson;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories.Mongo;

/// <summary>
/// MongoDB's kept cancels (<see cref="IRunStore.RememberEarlyCancelAsync"/>): one document per run, dropped by a TTL
/// index after <see cref="IRunStore.EarlyCancelLifetime"/> (the server's TTL monitor runs about once a minute, so an
/// expired one is also refused when taken), and beyond <see cref="IRunStore.EarlyCancelCapacity"/> the oldest are
/// dropped when one is kept (a flood of cancels for runs that never come fills no disk in the hour). Shared by every
/// scheduler replica, so a cancel and its StartRun taken by two replicas still meet; the find-and-delete gives the
/// cancel to one taker.
/// </summary>
internal sealed class MongoEarlyCancels(IMongoDatabase database)
{
    private const string Reason = "Reason";
    private const string At = "At";
    private readonly IMongoCollection<BsonDocument> cancels = database.GetCollection<BsonDocument>("earlyCancels");

    public Task CreateIndexAsync() =>
        cancels.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending(At),
            new CreateIndexOptions { Name = "expire_after_lifetime", ExpireAfter = IRunStore.EarlyCancelLifetime }));

    public async Task RememberAsync(Guid runId, string reason, DateTime at, CancellationToken cancellationToken)
    {
        try
        {
            await cancels.InsertOneAsync(new BsonDocument { ["_id"] = Id(runId), [Reason] = reason, [At] = at.ToUniversalTime() }, cancellationToken: cancellationToken);
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            return; // the first cancel is kept
        }

        await DropOldestBeyondCapacityAsync(cancellationToken);
    }

    /// <summary>Replicas keeping cancels at the same moment may each drop a few: the bound holds, the count may dip below it.</summary>
    private async Task DropOldestBeyondCapacityAsync(CancellationToken cancellationToken)
    {
        var over = await cancels.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken) - IRunStore.EarlyCancelCapacity;
        if (over <= 0)
        {
            return;
        }

        var oldest = await cancels.Find(FilterDefinition<BsonDocument>.Empty)
            .Sort(Builders<BsonDocument>.Sort.Ascending(At))
            .Limit((int)over)
            .Project(Builders<BsonDocument>.Projection.Include("_id"))
            .ToListAsync(cancellationToken);
        await cancels.DeleteManyAsync(Builders<BsonDocument>.Filter.In("_id", oldest.Select(d => d["_id"])), cancellationToken);
    }

    public async Task<string?> TakeAsync(Guid runId, DateTime notBefore, CancellationToken cancellationToken)
    {
        var kept = await cancels.FindOneAndDeleteAsync(Builders<BsonDocument>.Filter.Eq("_id", Id(runId)), cancellationToken: cancellationToken);
        return kept is not null && kept[At].ToUniversalTime() >= notBefore.ToUniversalTime() ? kept[Reason].AsString : null;
    }

    private static BsonBinaryData Id(Guid runId) => new(runId, GuidRepresentation.Standard);
}
