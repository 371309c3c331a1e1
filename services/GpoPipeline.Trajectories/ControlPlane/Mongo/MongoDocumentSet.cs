using System.Linq.Expressions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories.ControlPlane.Mongo;

internal sealed class MongoDocumentSet<T>(IMongoCollection<T> collection) : IDocumentSet<T>
    where T : class, IStoredDocument
{
    public async Task<bool> TryInsertAsync(T document, CancellationToken cancellationToken)
    {
        var previous = document.Version;
        document.Version = 1;
        try
        {
            await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            document.Version = previous;
            return false;
        }
    }

    public async Task<T?> GetAsync(string id, CancellationToken cancellationToken) =>
        await collection.Find(Builders<T>.Filter.Eq(d => d.Id, id)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<T>> FindAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken) =>
        await collection.Find(filter).ToListAsync(cancellationToken);

    public async Task<bool> TryReplaceAsync(T document, CancellationToken cancellationToken)
    {
        var expected = document.Version;
        document.Version = expected + 1;
        var filter = Builders<T>.Filter.Eq(d => d.Id, document.Id) & Builders<T>.Filter.Eq(d => d.Version, expected);
        var result = await collection.UpdateOneAsync(filter, SetKnownFields(document), cancellationToken: cancellationToken);
        if (result.ModifiedCount == 1)
        {
            return true;
        }

        document.Version = expected;
        return false;
    }

    /// <summary>
    /// Every field this version maps, set; fields it does not know left as stored. A replace of the whole document
    /// would drop the fields a newer version added (every document reads past them), so while a rolling upgrade runs
    /// both, an older instance's write would erase what the newer one recorded. Top-level fields only: a field added
    /// inside one of them is written back as this version knows it.
    /// </summary>
    internal static BsonDocument SetKnownFields(T document)
    {
        var fields = document.ToBsonDocument();
        fields.Remove("_id");
        return new BsonDocument("$set", fields);
    }
}
