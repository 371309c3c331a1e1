using MongoDB.Bson;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories.Mongo;

/// <summary>
/// MongoDB's kept cancels (<see cref="IRunStore.RememberEarlyCancelAsync"/>): one document per run, dropped by a TTL
/// index after <see cref="IRunStore.EarlyCancelLifetime"/> (the server's TTL monitor runs about once a minute, so an
/// expired one is also refused when taken). Shared by every scheduler replica, so a cancel and its StartRun taken by
/// two replicas still meet; the find-and-delete gives the cancel to one taker.
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
            // the first cancel is kept
        }
    }

    public async Task<string?> TakeAsync(Guid runId, DateTime notBefore, CancellationToken cancellationToken)
    {
        var kept = await cancels.FindOneAndDeleteAsync(Builders<BsonDocument>.Filter.Eq("_id", Id(runId)), cancellationToken: cancellationToken);
        return kept is not null && kept[At].ToUniversalTime() >= notBefore.ToUniversalTime() ? kept[Reason].AsString : null;
    }

    private static BsonBinaryData Id(Guid runId) => new(runId, GuidRepresentation.Standard);
}
