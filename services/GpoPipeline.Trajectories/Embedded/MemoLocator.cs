namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// Where the embedded store may hold each memo key (<see cref="LiteDbMemo"/>), kept in memory: a key it does not hold
/// costs no query, and a key it holds is read from the one page its answer was written in. Under P3 nearly every memo
/// look-up asks for keys not stored yet (a new candidate's answers).
/// <para>
/// Exact for "absent": the store file has one owner process (<see cref="StoreFileLock"/>), the locator is filled from
/// the file when the store opens, and a key is located before the transaction that inserts it commits, so every
/// committed key is here. A location is found by a 32-bit hash of the key, taken with the equality of the store's
/// keys (LiteDB's default collation ignores case), so it says "maybe there": the caller reads that page and compares
/// keys. A rolled-back insert or a hash shared by two keys only costs that read. Memory: 20 bytes per stored key and a
/// dictionary's spare room (~20–40 MB per million memoized answers).
/// </para>
/// </summary>
internal sealed class MemoLocator
{
    /// <summary>The location of keys stored one document per answer, in files written before pages (<see cref="LiteDbMemo"/>).</summary>
    public const int Unpaged = 0;

    private readonly Lock gate = new();
    private readonly IEqualityComparer<string> keys;
    private readonly Dictionary<int, int> locations = [];

    // Further locations of a hash: another key with the same hash, or a page of a rolled-back transaction. Rare.
    private readonly Dictionary<int, List<int>> moreLocations = [];

    /// <param name="keyComparer">How the store compares keys.</param>
    public MemoLocator(IEqualityComparer<string> keyComparer)
    {
        ArgumentNullException.ThrowIfNull(keyComparer);
        keys = keyComparer;
    }

    /// <summary>Call before the transaction that stores <paramref name="stored"/> at <paramref name="location"/> commits.</summary>
    public void Add(IEnumerable<string> stored, int location)
    {
        ArgumentNullException.ThrowIfNull(stored);
        lock (gate)
        {
            foreach (var key in stored)
            {
                var hash = Hash(key);
                if (!locations.TryAdd(hash, location) && locations[hash] != location)
                {
                    AddFurther(hash, location);
                }
            }
        }
    }

    /// <summary>Every location that may hold one of <paramref name="asked"/> (keys not listed are certainly not stored).</summary>
    public MemoLocations Locate(IEnumerable<string> asked)
    {
        ArgumentNullException.ThrowIfNull(asked);
        var found = new MemoLocations();
        lock (gate)
        {
            foreach (var key in asked)
            {
                var hash = Hash(key);
                if (!locations.TryGetValue(hash, out var location))
                {
                    continue;
                }

                found.Add(key, location);
                if (moreLocations.TryGetValue(hash, out var more))
                {
                    more.ForEach(further => found.Add(key, further));
                }
            }
        }

        return found;
    }

    private void AddFurther(int hash, int location)
    {
        if (!moreLocations.TryGetValue(hash, out var more))
        {
            moreLocations[hash] = more = [];
        }

        if (!more.Contains(location))
        {
            more.Add(location);
        }
    }

    // Randomized per process, which is fine for a map that lives in memory only.
    private int Hash(string key) => keys.GetHashCode(key);
}

/// <summary>The answer of <see cref="MemoLocator.Locate"/>: unpaged keys to look up by id, and pages to read.</summary>
internal sealed class MemoLocations
{
    public List<string> UnpagedKeys { get; } = [];

    public HashSet<int> Pages { get; } = [];

    public bool IsEmpty => UnpagedKeys.Count == 0 && Pages.Count == 0;

    public void Add(string key, int location)
    {
        if (location == MemoLocator.Unpaged)
        {
            UnpagedKeys.Add(key);
        }
        else
        {
            Pages.Add(location);
        }
    }
}
