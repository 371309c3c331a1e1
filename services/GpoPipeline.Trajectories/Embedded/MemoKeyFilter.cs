namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// Which memo keys the embedded store may hold, kept in memory so that a key it does not hold costs no query. Under
/// P3 nearly every memo look-up asks for keys not stored yet (a new candidate's answers), and LiteDB's <c>_id IN</c>
/// query cost ~10 % of the scheduler's CPU and half of all its allocations walking the index for them (thread-time
/// and allocation profiles of P3, zero-cost model).
/// <para>
/// Exact for "absent": the store file has one owner process (<see cref="StoreFileLock"/>), the filter is filled from the
/// index when the store opens, and a key goes in before the transaction that inserts it commits, so every committed key
/// is in it. Keys are hashed with the equality of the <c>_id</c> index (LiteDB's default collation ignores case).
/// "Maybe present" is a 32-bit hash match, answered by the index as before (a rolled-back insert or a hash collision
/// only costs that look-up). Memory: ~16–24 bytes per stored key (~20 MB per million memoized answers).
/// </para>
/// </summary>
internal sealed class MemoKeyFilter
{
    private readonly Lock gate = new();
    private readonly HashSet<int> hashes;
    private readonly IEqualityComparer<string> keys;

    /// <param name="keyComparer">How the store's index compares keys.</param>
    public MemoKeyFilter(IEqualityComparer<string> keyComparer, IEnumerable<string> storedKeys)
    {
        ArgumentNullException.ThrowIfNull(keyComparer);
        ArgumentNullException.ThrowIfNull(storedKeys);
        keys = keyComparer;
        hashes = [.. storedKeys.Select(Hash)];
    }

    /// <summary>The keys of <paramref name="asked"/> that may be stored (the others certainly are not).</summary>
    public List<string> MaybeStored(IEnumerable<string> asked)
    {
        ArgumentNullException.ThrowIfNull(asked);
        var maybe = new List<string>();
        lock (gate)
        {
            foreach (var key in asked)
            {
                if (hashes.Contains(Hash(key)))
                {
                    maybe.Add(key);
                }
            }
        }

        return maybe;
    }

    /// <summary>Call before the transaction that stores <paramref name="key"/> commits.</summary>
    public void Add(string key)
    {
        var hash = Hash(key);
        lock (gate)
        {
            hashes.Add(hash);
        }
    }

    // Randomized per process, which is fine for a set that lives in memory only.
    private int Hash(string key) => keys.GetHashCode(key);
}
