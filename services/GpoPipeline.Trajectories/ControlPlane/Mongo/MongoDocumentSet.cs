using System.Linq.Expressions;
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
        var result = await collection.ReplaceOneAsync(filter, document, cancellationToken: cancellationToken);
        if (result.ModifiedCount == 1)
        {
            return true;
        }

        document.Version = expected;
        return false;
    }
}
