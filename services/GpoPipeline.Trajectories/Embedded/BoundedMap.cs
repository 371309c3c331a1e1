namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// A dictionary that keeps at most <see cref="Capacity"/> entries, dropping the one put in longest ago: the embedded
/// store's in-memory views of its file (<see cref="RecordedBatchIndex"/>, <see cref="RunDocumentCache"/>) keep what
/// the runs in progress use and read anything older from the file again. Not thread-safe: its owner locks.
/// </summary>
internal sealed class BoundedMap<TKey, TValue>(int capacity)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> entries = [];
    private readonly Queue<TKey> age = new();

    public int Capacity { get; } = capacity >= 1 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least one entry.");

    public bool TryGetValue(TKey key, out TValue value) => entries.TryGetValue(key, out value!);

    public void Set(TKey key, TValue value)
    {
        if (!entries.ContainsKey(key))
        {
            age.Enqueue(key);
        }

        entries[key] = value;
        while (entries.Count > Capacity && age.TryDequeue(out var oldest))
        {
            entries.Remove(oldest);
        }
    }

    /// <summary>Its place in the age queue goes when it comes round (a key put in again meanwhile may then go early,
    /// which costs one read of the file).</summary>
    public void Remove(TKey key) => entries.Remove(key);
}
