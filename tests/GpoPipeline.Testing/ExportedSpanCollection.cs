using System.Collections;
using System.Diagnostics;

namespace GpoPipeline.Testing;

/// <summary>
/// Where an in-memory exporter (<c>AddInMemoryExporter</c>) puts spans for a spec to read. Its processor exports each
/// span on the thread that ends it (a consumer's, an HTTP handler's) while the spec reads on its own, and the exporter
/// takes no lock: a plain list copied meanwhile failed ("Destination array was not long enough", CI). Every access here
/// takes the one lock; specs read <see cref="Snapshot"/>.
/// </summary>
public sealed class ExportedSpanCollection : ICollection<Activity>
{
    private readonly List<Activity> spans = [];

    public int Count
    {
        get
        {
            lock (spans)
            {
                return spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans exported so far, copied under the lock.</summary>
    public IReadOnlyList<Activity> Snapshot()
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    public void Add(Activity item)
    {
        lock (spans)
        {
            spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (spans)
        {
            spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (spans)
        {
            return spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (spans)
        {
            spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (spans)
        {
            return spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
