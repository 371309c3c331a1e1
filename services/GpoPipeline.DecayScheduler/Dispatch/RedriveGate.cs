namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// After a broker outage every unacknowledged reply of a run comes back redelivered, and each one used to re-send the
/// run's pending work (<see cref="Consumers.Redelivery"/>), in-flight batches included: scorers could be paid again
/// for the same batches once per redelivered reply. A run is re-driven once per version of its document (its step,
/// candidates or status changed since) and, for the same version, again only after <see cref="Interval"/> (a later
/// outage in the same step). A re-drive is claimed before it starts and no other is due while it runs: replies handled
/// at the same moment all read the same version, and with the mark set only after the re-drive each of them re-drove.
/// Kept in the scheduler's memory, like <see cref="BatchWindow"/>: a restarted scheduler re-drives once more, which is
/// safe (the memo and the batch records dedupe).
/// </summary>
public sealed class RedriveGate(TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, (long Version, DateTimeOffset At, long Claim)> last = [];
    private long claims;

    /// <summary>
    /// True, with the claim of this re-drive, unless one of the run is running or this version was re-driven less than
    /// <see cref="Interval"/> ago. A true answer must be followed by <see cref="Redriven"/> or <see cref="Release"/>
    /// with the claim: only the claim that holds the run settles it (the run may have been forgotten and claimed anew since).
    /// </summary>
    public bool TryClaim(Guid runId, long version, out long claim)
    {
        lock (gate)
        {
            if (last.TryGetValue(runId, out var previous)
                && (previous.Claim != 0 || (previous.Version == version && clock.GetUtcNow() - previous.At < Interval)))
            {
                claim = 0;
                return false;
            }

            claim = ++claims;
            last[runId] = (version, clock.GetUtcNow(), claim);
            return true;
        }
    }

    /// <summary>The claimed re-drive is out; <paramref name="version"/> is the run's version after it (a re-drive may change the run).</summary>
    public void Redriven(Guid runId, long claim, long version)
    {
        lock (gate)
        {
            if (last.TryGetValue(runId, out var entry) && entry.Claim == claim)
            {
                last[runId] = (version, clock.GetUtcNow(), 0);
            }
        }
    }

    /// <summary>The claimed re-drive failed (a failed publish): the next repeat is due.</summary>
    public void Release(Guid runId, long claim)
    {
        lock (gate)
        {
            if (last.TryGetValue(runId, out var entry) && entry.Claim == claim)
            {
                last.Remove(runId);
            }
        }
    }

    /// <summary>The run ended: nothing to remember (a re-drive running for it settles nothing afterwards).</summary>
    public void Forget(Guid runId)
    {
        lock (gate)
        {
            last.Remove(runId);
        }
    }

    /// <summary>How many runs the gate remembers (they are forgotten when they end).</summary>
    public int Remembered
    {
        get
        {
            lock (gate)
            {
                return last.Count;
            }
        }
    }
}
