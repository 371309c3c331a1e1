using GpoPipeline.Trajectories.Embedded;
using LiteDB;

namespace GpoPipeline.Trajectories.ControlPlane.Embedded;

/// <summary>
/// The embedded adapter: one LiteDB file owned by this process (the serve process, DESIGN §1). Its own file beside
/// the run store's, because a LiteDB file in direct mode is opened once per process; held as the run store holds its
/// own (<see cref="EmbeddedStoreFile"/>): a second open in this process or in another is refused, not let in to corrupt it.
/// </summary>
public sealed class LiteDbControlPlaneDatabase : IControlPlaneDatabase, IStoreFaultSource, IDisposable
{
    /// <summary>What the errors about its file call it.</summary>
    internal const string Kind = "control-plane store";
    private readonly EmbeddedStoreFile file;
    private readonly LiteDatabase database;
    private readonly LiteDbLog durable;

    // One writer at a time makes insert-if-absent and compare-and-set atomic; control-plane writes are rare.
    private readonly Lock gate = new();

    /// <param name="onFault">Called once when the file breaks for good (<see cref="Fault"/>); a service logs it.</param>
    public LiteDbControlPlaneDatabase(string path, Action<StoreFault>? onFault = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        file = EmbeddedStoreFile.Open(path, LiteDbMapping.Create(), Kind, onFault);
        database = file.Database;
        durable = file.Log;
    }

    /// <remarks>Called when the store is composed, before any concurrent use: the collection is created here, never by a racing first write.</remarks>
    public IDocumentSet<T> Collection<T>(string name, params IReadOnlyList<DocumentIndex<T>> indexes)
        where T : class, IStoredDocument
    {
        ArgumentNullException.ThrowIfNull(indexes);
        var collection = database.GetCollection<T>(name);
        lock (gate)
        {
            LiteDbCollections.CreateMissing(database, name);
            // One field per LiteDB index: each field of a compound index gets its own, and the query planner picks one.
            foreach (var field in indexes.SelectMany(index => index.Fields))
            {
                collection.EnsureIndex(field);
            }
        }

        return new LiteDbDocumentSet<T>(collection, gate, durable);
    }

    /// <summary>The fields <paramref name="collection"/> is indexed by, one per LiteDB index, _id left out (for specs).</summary>
    internal IReadOnlyList<string> IndexedFields(string collection) =>
        [.. database.GetCollection("$indexes").FindAll()
            .Where(index => index["collection"].AsString == collection && index["name"].AsString != "_id")
            .Select(index => index["expression"].AsString.Replace("$.", "", StringComparison.Ordinal))];

    /// <summary>Why the file no longer works in this process, or null (<see cref="StoreFaultMonitor"/>).</summary>
    public StoreFault? Fault => file.Faults.Fault;

    public void Dispose() => file.Dispose();
}
