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

    /// <summary>
    /// Records a split just read from the store as the most recently used, letting the least recently used ones go until
    /// the total fits the capacity. The split just read always stays, even when it alone is bigger than the capacity: it
    /// is the split in use, and letting it go at once read and parsed it from the store again at every reply of its
    /// step. Such a split is then kept alone (at most the capacity plus that one split), until another split is needed.
    /// </summary>
    /// <returns>What to let go, least recently used first (and what was kept under its hash before, if anything).</returns>
    public IReadOnlyList<(string Hash, TKept Kept)> Add(string hash, long bytes, TKept kept)
    {
        lock (gate)
        {
            var evicted = new List<(string Hash, TKept Kept)>();
            if (Forget(hash) is { } replaced)
            {
                evicted.Add((hash, replaced.Kept));
            }

            var newest = order.AddFirst(new Entry(hash, bytes, kept));
            nodes[hash] = newest;
            total += bytes;
            while (total > capacityBytes && order.Last is { } oldest && oldest != newest)
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
