using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// Creates a store's collections when it opens. LiteDB 5 creates a collection on its first write, and a first write
/// racing other threads' reads/writes of the same database corrupts pages ("LiteDB ENSURE: page type must be
/// collection page", LiteDB issue #2002; seen here in 2 of 8 concurrent demo runs). Created up front, while the
/// store is still private to the thread that opens it, no collection is ever created under concurrency.
/// </summary>
public static class LiteDbCollections
{
    private const string Sentinel = "__gpo_collection_created__";

    public static void CreateMissing(LiteDatabase database, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(names);
        var existing = database.GetCollectionNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names.Where(n => !existing.Contains(n)))
        {
            var collection = database.GetCollection(name);
            collection.Insert(new BsonDocument { ["_id"] = Sentinel });
            collection.Delete(Sentinel);
        }
    }
}
