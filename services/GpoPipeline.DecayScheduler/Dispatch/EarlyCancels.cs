namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// CancelRun commands for runs this scheduler does not know yet. StartRun and CancelRun travel in two queues, so a
/// scheduler that starts with both waiting (a run submitted and cancelled before any scheduler ran) may take the cancel
/// first; it used to ignore it as a cancel of an unknown run, and then start the run. The cancel is kept here and applied
/// when the StartRun creates the run. Kept in the scheduler's memory like <see cref="RedriveGate"/>: bounded
/// (<see cref="Capacity"/> runs, each for <see cref="Lifetime"/>) so cancels of runs that never come cost nothing
/// lasting, and lost with the process (the cancel and the start would then both be redelivered or both be taken).
/// </summary>
public sealed class EarlyCancels(TimeProvider clock)
{
    public const int Capacity = 1024;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, (string Reason, DateTimeOffset At)> cancels = [];
    private readonly Queue<Guid> order = new();

    public void Remember(Guid runId, string reason)
    {
        lock (gate)
        {
            // Oldest first: entries already taken or expired, then live ones while the kept cancels are at capacity.
            while (order.Count > 0 && (IsExpired(order.Peek()) || cancels.Count >= Capacity))
            {
                cancels.Remove(order.Dequeue());
            }

            if (cancels.TryAdd(runId, (reason, clock.GetUtcNow())))
            {
                order.Enqueue(runId);
            }
        }
    }

    /// <summary>The reason of a cancel that came before its run, taken once (null when there was none).</summary>
    public string? Take(Guid runId)
    {
        lock (gate)
        {
            if (!cancels.Remove(runId, out var cancel))
            {
                return null;
            }

            return clock.GetUtcNow() - cancel.At < Lifetime ? cancel.Reason : null;
        }
    }

    /// <summary>Taken already, or kept longer than <see cref="Lifetime"/>.</summary>
    private bool IsExpired(Guid runId) =>
        !cancels.TryGetValue(runId, out var cancel) || clock.GetUtcNow() - cancel.At >= Lifetime;
}
