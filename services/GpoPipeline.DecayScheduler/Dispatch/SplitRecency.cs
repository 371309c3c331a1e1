namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// What <see cref="RunDatasets"/> keeps of each split (<typeparamref name="TKept"/>) and its stored size, most recently
/// used first: it names what to let go once the total passes the capacity, least recently used first. Thread-safe.
/// </summary>
internal sealed class SplitRecency<TKept>(long capacityBytes)
{
    private readonly Lock gate = new();
    private readonly LinkedList<Entry> order = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> nodes = new(StringComparer.Ordinal);
    private long total;

    /// <summary>Records a split just read from the store as the most recently used.</summary>
    /// <returns>What to let go, least recently used first: the split itself when it alone is bigger than the capacity
    /// (and what was kept under its hash before, if anything).</returns>
    public IReadOnlyList<(string Hash, TKept Kept)> Add(string hash, long bytes, TKept kept)
    {
        lock (gate)
        {
            var evicted = new List<(string Hash, TKept Kept)>();
            if (Forget(hash) is { } replaced)
            {
                evicted.Add((hash, replaced.Kept));
            }

            if (bytes > capacityBytes)
            {
                evicted.Add((hash, kept));
                return evicted;
            }

            nodes[hash] = order.AddFirst(new Entry(hash, bytes, kept));
            total += bytes;
            while (total > capacityBytes && order.Last is { } oldest)
            {
                evicted.Add((oldest.Value.Hash, oldest.Value.Kept));
                Forget(oldest.Value.Hash);
            }

            return evicted;
        }
    }

    /// <summary>A kept split was used again: it is the last to go.</summary>
    public void Touch(string hash)
    {
        lock (gate)
        {
            if (nodes.TryGetValue(hash, out var node) && node != order.First)
            {
                order.Remove(node);
                order.AddFirst(node);
            }
        }
    }

    private Entry? Forget(string hash)
    {
        if (!nodes.Remove(hash, out var node))
        {
            return null;
        }

        order.Remove(node);
        total -= node.Value.Bytes;
        return node.Value;
    }

    private sealed record Entry(string Hash, long Bytes, TKept Kept);
}
