using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The runs in progress, kept in memory as stored: the scheduler reads its run after every scorer reply. LiteDB's read
/// of the document from its pages was ~12 % of the scheduler's allocations in P3 (zero-cost model), and mapping the
/// document to a <see cref="RunRecord"/> on every read cost more the longer the run: at 150 steps, 16 % of the
/// process's CPU in P3's thread-time profile (BsonMapper's reflection per list). So each entry keeps the document and
/// the run mapped once, and every reader gets its own <see cref="RunRecord.DeepCopy"/>.
/// <para>
/// Exact, because the store file has one owner process (<see cref="StoreFileLock"/>) and a run changes only through
/// this store: an entry goes in after the write that stored it is on the disk, and every write and every fill from
/// the file happens under the store's read-modify-write lock, so a fill cannot put back a version older than one a
/// write put in. Entries are never changed once in (the run in one is never handed out, only copies): a write puts
/// in a new one.
/// </para>
/// </summary>
internal sealed class RunDocumentCache
{
    public const int MaxRuns = 64;

    private readonly Lock gate = new();
    private readonly BoundedMap<Guid, StoredRun> runs = new(MaxRuns);

    public bool TryGet(Guid runId, out StoredRun run)
    {
        lock (gate)
        {
            return runs.TryGetValue(runId, out run);
        }
    }

    /// <summary>Call under the store's read-modify-write lock, after the write (or the read) of <paramref name="run"/>.</summary>
    public void Put(Guid runId, StoredRun run)
    {
        lock (gate)
        {
            runs.Set(runId, run);
        }
    }

    /// <summary>For a new run's first version: a read or a write since its insert may have put in a newer one.</summary>
    public void PutIfAbsent(Guid runId, StoredRun run)
    {
        lock (gate)
        {
            if (!runs.TryGetValue(runId, out _))
            {
                runs.Set(runId, run);
            }
        }
    }

    /// <summary>A write failed and may or may not have reached the file: the next read goes to the file.</summary>
    public void Forget(Guid runId)
    {
        lock (gate)
        {
            runs.Remove(runId);
        }
    }
}

/// <summary>A run's stored document, and the run it maps to, mapped at most once (never handed out: copy it).</summary>
internal sealed class StoredRun(BsonDocument document)
{
    private RunRecord? run;

    /// <summary>The stored document. Never changed by anyone: map it, do not edit it.</summary>
    public BsonDocument Document { get; } = document;

    /// <summary>A copy of the stored run for the caller to keep and change.</summary>
    public RunRecord Copy(BsonMapper mapper)
    {
        // Two first readers may both map it; either result is the same run.
        var stored = Volatile.Read(ref run) ?? Interlocked.CompareExchange(ref run, mapper.ToObject<RunRecord>(Document), null) ?? run!;
        return stored.DeepCopy();
    }
}
