using System.Linq.Expressions;
using MongoDB.Bson;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories.ControlPlane.Mongo;

internal sealed class MongoDocumentSet<T>(IMongoCollection<T> collection, IReadOnlyList<DocumentIndex<T>> indexes) : IDocumentSet<T>
    where T : class, IStoredDocument
{
    private readonly Lock indexGate = new();
    private Task? indexesCreated;

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
        catch
        {
            document.Version = previous;
            throw;
        }
    }

    public async Task<T?> GetAsync(string id, CancellationToken cancellationToken) =>
        await collection.Find(Builders<T>.Filter.Eq(d => d.Id, id)).FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<T>> FindAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync(cancellationToken);
        return await collection.Find(filter).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<T>> FindHighestAsync(Expression<Func<T, bool>> filter, Expression<Func<T, object?>> order, int skip, int limit, CancellationToken cancellationToken)
    {
        RunStoreArguments.Skip(skip);
        RunStoreArguments.Limit(limit);
        await EnsureIndexesAsync(cancellationToken);
        return await collection.Find(filter).Sort(Builders<T>.Sort.Descending(order)).Skip(skip).Limit(limit).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<T>> FindLowestAsync(Expression<Func<T, bool>> filter, Expression<Func<T, object?>> order, int limit, CancellationToken cancellationToken)
    {
        RunStoreArguments.Limit(limit);
        await EnsureIndexesAsync(cancellationToken);
        return await collection.Find(filter).Sort(Builders<T>.Sort.Ascending(order)).Limit(limit).ToListAsync(cancellationToken);
    }

    public async Task<long> CountAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken)
    {
        await EnsureIndexesAsync(cancellationToken);
        return await collection.CountDocumentsAsync(filter, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Created on the first query, not when the store is composed (that must not wait for the server); creating an
    /// existing index is a no-op on the server, and a failed creation is tried again by the next query.
    /// </summary>
    private Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (indexes.Count == 0)
        {
            return Task.CompletedTask;
        }

        lock (indexGate)
        {
            if (indexesCreated is null || indexesCreated.IsFaulted || indexesCreated.IsCanceled)
            {
                indexesCreated = collection.Indexes.CreateManyAsync(indexes.Select(index => new CreateIndexModel<T>(
                    Builders<T>.IndexKeys.Combine(index.Fields.Select(field => Builders<T>.IndexKeys.Ascending(field))),
                    new CreateIndexOptions { Name = index.Name })), CancellationToken.None); // shared by every query: one caller's cancel must not fail the others
            }

            return indexesCreated.WaitAsync(cancellationToken);
        }
    }

    public async Task<bool> TryReplaceAsync(T document, CancellationToken cancellationToken)
    {
        var expected = document.Version;
        document.Version = expected + 1;
        var filter = Builders<T>.Filter.Eq(d => d.Id, document.Id) & Builders<T>.Filter.Eq(d => d.Version, expected);
        UpdateResult result;
        try
        {
            result = await collection.UpdateOneAsync(filter, SetKnownFields(document), cancellationToken: cancellationToken);
        }
        catch
        {
            // Not known to be written (if it was, the retry's compare-and-set fails and the caller reads again, as after any
            // lost race); one past the stored version, every retry would fail.
            document.Version = expected;
            throw;
        }

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
