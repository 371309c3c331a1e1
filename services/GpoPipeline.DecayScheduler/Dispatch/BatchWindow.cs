using GpoPipeline.DecayScheduler.Lifecycle;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// Fair sharing of the scorers between runs (issue 12 "one task's 10,000-example run does not starve another's
/// 50-example run"): each run has at most <see cref="Limit"/> score batches sent and not yet recorded, so the scorer
/// queue never holds more than that of any one run and a small run's batches wait behind a few of a big run's, not
/// all of them. Further batches go out as replies arrive. Kept in the scheduler's memory: a sent batch holds its slot
/// until its reply arrives (<see cref="Release"/>: it has left the scorers, so the next batch goes out while its answers
/// are written) and its reserved calls until its score is recorded; a redrive (watchdog, a resume of a stopped run, a
/// repeated reply) starts the run's window afresh, so a lost message holds a slot only until then. A duplicate StartRun
/// or a ResumeRun of a running run re-sends only what the window has not sent: what it sent is in flight, and its
/// reservations still count against MaxCalls. With several scheduler replicas the limit applies per replica.
/// </summary>
public sealed class BatchWindow(int limit)
{
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, RunWindow> runs = [];

    public int Limit { get; } = limit >= 1 ? limit : throw new ArgumentOutOfRangeException(nameof(limit), limit, "At least one batch must be allowed in flight.");

    /// <param name="missing">The step's batches with no recorded score, in dispatch order.</param>
    /// <returns>The batches to send now: ones not sent before, as many as the run's free slots allow.</returns>
    public IReadOnlyList<BatchPlan> Admit(Guid runId, int step, IReadOnlyList<BatchPlan> missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        lock (gate)
        {
            if (!runs.TryGetValue(runId, out var window) || window.Step != step)
            {
                window = new RunWindow(step); // a new step: the previous one's batches are all recorded
                runs[runId] = window;
            }

            var notSent = missing.Where(b => !window.Sent.Contains(Key(b))).ToList();
            var inFlight = missing.Count(b => window.Sent.Contains(Key(b)) && !window.Released.Contains(Key(b))); // sent, no reply yet
            var admitted = notSent.Take(Math.Max(0, Limit - inFlight)).ToList();
            foreach (var batch in admitted)
            {
                window.Sent.Add(Key(batch));
            }

            window.Backlog = admitted.Count < notSent.Count;
            return admitted;
        }
    }

    /// <summary>Notes the calls <paramref name="batch"/>'s message may spend (its examples that travel, times the rounds
    /// per example): what <see cref="CallsInFlight"/> counts for it until its score is recorded.</summary>
    public void Reserve(Guid runId, int step, BatchPlan batch, int calls)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (gate)
        {
            if (runs.TryGetValue(runId, out var window) && window.Step == step && window.Sent.Contains(Key(batch)))
            {
                window.Reserved[Key(batch)] = calls;
            }
        }
    }

    /// <summary>
    /// A reply for <paramref name="batch"/> arrived: its slot is free for the next batch. Its reservation still counts
    /// in <see cref="CallsInFlight"/> until its score is recorded (the reply's usage is not in the spend before that).
    /// A batch this window did not send (another step, a redriven window) frees nothing.
    /// </summary>
    public void Release(Guid runId, int step, BatchPlan batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (gate)
        {
            if (runs.TryGetValue(runId, out var window) && window.Step == step && window.Sent.Contains(Key(batch)))
            {
                window.Released.Add(Key(batch));
            }
        }
    }

    /// <summary>
    /// The calls the run's batches out now may still spend: those of <paramref name="missing"/> (batches with no
    /// recorded score) that were sent, each as reserved (<see cref="Reserve"/>), or <paramref name="unreserved"/> for
    /// one admitted whose reservation is not noted yet. What MaxCalls must leave room for beside the recorded calls.
    /// </summary>
    public long CallsInFlight(Guid runId, int step, IEnumerable<BatchPlan> missing, Func<BatchPlan, int> unreserved)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(unreserved);
        lock (gate)
        {
            if (!runs.TryGetValue(runId, out var window) || window.Step != step)
            {
                return 0;
            }

            return missing
                .Where(b => window.Sent.Contains(Key(b)))
                .Sum(b => (long)(window.Reserved.TryGetValue(Key(b), out var calls) ? calls : unreserved(b)));
        }
    }

    /// <summary>
    /// The step's generation request is about to be sent: from then on the window holds the step (its batches follow).
    /// Returns whether this window sent it before: a duplicate StartRun or ResumeRun must not send it twice (a second
    /// generation is paid), unless the window was reset since (a re-drive, the run ended) or the sending failed
    /// (<see cref="WithdrawOpening"/>).
    /// </summary>
    public bool Opening(Guid runId, int step)
    {
        lock (gate)
        {
            if (!runs.TryGetValue(runId, out var window) || window.Step != step)
            {
                window = new RunWindow(step); // a new step: the previous one's batches are all recorded
                runs[runId] = window;
            }

            var sentBefore = window.Opened;
            window.Opened = true;
            return sentBefore;
        }
    }

    /// <summary>Sending the step's generation request failed: it was not sent (a later re-send of pending work sends it).</summary>
    public void WithdrawOpening(Guid runId, int step)
    {
        lock (gate)
        {
            if (runs.TryGetValue(runId, out var window) && window.Step == step)
            {
                window.Opened = false;
            }
        }
    }

    /// <summary>
    /// Sending admitted batches failed (the broker, the store): they were not sent, so they hold no slot and no
    /// reservation, and a later re-send of the run's pending work admits them again. Without this only a reset did.
    /// </summary>
    public void Withdraw(Guid runId, int step, IEnumerable<BatchPlan> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        lock (gate)
        {
            if (!runs.TryGetValue(runId, out var window) || window.Step != step)
            {
                return;
            }

            foreach (var key in batches.Select(Key))
            {
                window.Sent.Remove(key);
                window.Released.Remove(key);
                window.Reserved.Remove(key);
            }
        }
    }

    /// <summary>True when the run has batches waiting for a free slot (a recorded reply should dispatch more).</summary>
    public bool HasBacklog(Guid runId)
    {
        lock (gate)
        {
            return runs.TryGetValue(runId, out var window) && window.Backlog;
        }
    }

    /// <summary>Forgets what was sent (a redrive re-sends the missing batches, which may have been lost) or the whole run (it ended).</summary>
    public void Reset(Guid runId)
    {
        lock (gate)
        {
            runs.Remove(runId);
        }
    }

    // The split tells a step's training-minibatch batches from its dev batches (same candidate and batch numbers).
    private static (int Candidate, int Batch, string Split) Key(BatchPlan batch) => (batch.CandidateIndex, batch.BatchIndex, batch.Split);

    private sealed class RunWindow(int step)
    {
        public int Step { get; } = step;

        public HashSet<(int Candidate, int Batch, string Split)> Sent { get; } = [];

        public HashSet<(int Candidate, int Batch, string Split)> Released { get; } = [];

        public Dictionary<(int Candidate, int Batch, string Split), int> Reserved { get; } = [];

        public bool Backlog { get; set; }

        /// <summary>The step's generation request was sent (<see cref="BatchWindow.Opening"/>).</summary>
        public bool Opened { get; set; }
    }
}
