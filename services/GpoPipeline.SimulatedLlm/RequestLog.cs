namespace GpoPipeline.SimulatedLlm;

/// <summary>Thread-safe log of every request, faulted ones included; also hands out request sequence numbers.</summary>
public sealed class RequestLog
{
    private readonly Lock gate = new();
    private readonly List<SimulatedRequest> entries = [];
    private long sequence;

    /// <summary>Next request number (0, 1, 2, ...): the fault and latency draws are keyed by it.</summary>
    public long NextSequence() => Interlocked.Increment(ref sequence) - 1;

    public void Add(SimulatedRequest request)
    {
        lock (gate)
        {
            entries.Add(request);
        }
    }

    public IReadOnlyList<SimulatedRequest> Snapshot()
    {
        lock (gate)
        {
            return [.. entries];
        }
    }

    /// <summary>Empties the log and restarts the sequence, so a rerun after a reset draws the same faults.</summary>
    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
            Interlocked.Exchange(ref sequence, 0);
        }
    }
}
