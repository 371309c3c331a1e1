using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The stored document of the runs in progress, kept in memory: the scheduler reads its run after every scorer reply,
/// and LiteDB's read of the document from its pages was ~12 % of the scheduler's allocations in P3 (zero-cost model)
/// — more than mapping it to a <see cref="RunRecord"/>, which each read still does, so every caller gets its own copy.
/// <para>
/// Exact, because the store file has one owner process (<see cref="StoreFileLock"/>) and a run changes only through
/// this store: a document goes in after the write that stored it is on the disk, and every write and every fill from
/// the file happens under the store's read-modify-write lock, so a fill cannot put back a version older than one a
/// write put in. Documents are never changed once in: a write puts in a new one.
/// </para>
/// </summary>
internal sealed class RunDocumentCache
{
    public const int MaxRuns = 64;

    private readonly Lock gate = new();
    private readonly BoundedMap<Guid, BsonDocument> documents = new(MaxRuns);

    public bool TryGet(Guid runId, out BsonDocument document)
    {
        lock (gate)
        {
            return documents.TryGetValue(runId, out document);
        }
    }

    /// <summary>Call under the store's read-modify-write lock, after the write (or the read) of <paramref name="document"/>.</summary>
    public void Put(Guid runId, BsonDocument document)
    {
        lock (gate)
        {
            documents.Set(runId, document);
        }
    }

    /// <summary>For a new run's first version: a read or a write since its insert may have put in a newer one.</summary>
    public void PutIfAbsent(Guid runId, BsonDocument document)
    {
        lock (gate)
        {
            if (!documents.TryGetValue(runId, out _))
            {
                documents.Set(runId, document);
            }
        }
    }

    /// <summary>A write failed and may or may not have reached the file: the next read goes to the file.</summary>
    public void Forget(Guid runId)
    {
        lock (gate)
        {
            documents.Remove(runId);
        }
    }
}
