namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// After a broker outage every unacknowledged reply of a run comes back redelivered, and each one used to re-send the
/// run's pending work (<see cref="Consumers.Redelivery"/>), in-flight batches included: scorers could be paid again
/// for the same batches once per redelivered reply. A run is re-driven once per version of its document (its step,
/// candidates or status changed since) and, for the same version, again only after <see cref="Interval"/> (a later
/// outage in the same step). Kept in the scheduler's memory, like <see cref="BatchWindow"/>: a restarted scheduler
/// re-drives once more, which is safe (the memo and the batch records dedupe).
/// </summary>
public sealed class RedriveGate(TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, (long Version, DateTimeOffset At)> last = [];

    /// <summary>True unless this version of the run was re-driven less than <see cref="Interval"/> ago.</summary>
    public bool IsDue(Guid runId, long version)
    {
        lock (gate)
        {
            return !last.TryGetValue(runId, out var previous) || previous.Version != version || clock.GetUtcNow() - previous.At >= Interval;
        }
    }

    /// <summary>Call once the pending work of this version is out (a failed publish leaves the next repeat due).</summary>
    public void Redriven(Guid runId, long version)
    {
        lock (gate)
        {
            last[runId] = (version, clock.GetUtcNow());
        }
    }

    /// <summary>The run ended: nothing to remember.</summary>
    public void Forget(Guid runId)
    {
        lock (gate)
        {
            last.Remove(runId);
        }
    }
}
