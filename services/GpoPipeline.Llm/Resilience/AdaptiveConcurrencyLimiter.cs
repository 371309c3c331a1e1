namespace GpoPipeline.Llm;

/// <summary>
/// In-flight requests of one endpoint under an AIMD window (additive increase, multiplicative decrease), so N
/// processes sharing one provider quota settle near it without a coordinator: each shrinks its own window when the
/// provider says "overloaded" (429/503) and grows it back by about one request per window of successes.
/// Why not a library: System.Threading.RateLimiting's ConcurrencyLimiter fixes its PermitLimit at construction and
/// Polly 8 has no adaptive limiter; this is the small AIMD of TCP congestion control over a FIFO queue.
/// </summary>
internal sealed class AdaptiveConcurrencyLimiter : IDisposable
{
    /// <summary>TCP's halving: a provider that answers 429 is over its quota now, so back off decisively.</summary>
    public const double DecreaseFactor = 0.5;

    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource<ConcurrencyPermit>> waiters = new();
    private readonly int maximum;
    private readonly TimeProvider clock;
    private double limit;
    private int inFlight;
    private long epoch;
    private DateTimeOffset pausedUntil;
    private ITimer? resumeTimer;

    public AdaptiveConcurrencyLimiter(int maximum, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        this.maximum = maximum;
        this.clock = clock;
        // Start at the configured ceiling: an endpoint that never pushes back is used exactly as before.
        limit = maximum;
    }

    /// <summary>The current window (1 ≤ window ≤ MaxConcurrency); a request may start while fewer than ⌊window⌋ are in flight.</summary>
    public double Window
    {
        get
        {
            lock (gate)
            {
                return limit;
            }
        }
    }

    public int InFlight
    {
        get
        {
            lock (gate)
            {
                return inFlight;
            }
        }
    }

    /// <summary>No new request starts before this moment (the latest Retry-After of a 429/503).</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (gate)
            {
                return pausedUntil;
            }
        }
    }

    public ValueTask<ConcurrencyPermit> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<ConcurrencyPermit> waiter;
        LinkedListNode<TaskCompletionSource<ConcurrencyPermit>> node;
        lock (gate)
        {
            if (waiters.Count == 0 && CanStart())
            {
                inFlight++;
                return ValueTask.FromResult(new ConcurrencyPermit(this, epoch));
            }

            waiter = new TaskCompletionSource<ConcurrencyPermit>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = waiters.AddLast(waiter);
            ScheduleResume();
        }

        return WaitAsync(node, cancellationToken);
    }

    public void Dispose()
    {
        lock (gate)
        {
            resumeTimer?.Dispose();
            foreach (var waiter in waiters)
            {
                waiter.TrySetException(new ObjectDisposedException(nameof(AdaptiveConcurrencyLimiter)));
            }

            waiters.Clear();
        }
    }

    /// <summary>Called once per permit with how its attempt ended.</summary>
    internal void Complete(long startedInEpoch, AttemptOutcome outcome, TimeSpan? retryAfter)
    {
        lock (gate)
        {
            inFlight--;
            if (outcome == AttemptOutcome.Succeeded)
            {
                // +1 per window of successes: grows linearly, capped by Llm:<role>:MaxConcurrency.
                limit = Math.Min(maximum, limit + (1 / limit));
            }
            else if (outcome == AttemptOutcome.Overloaded)
            {
                if (retryAfter is { } wait && wait > TimeSpan.Zero)
                {
                    // The server said when it takes requests again: nothing starts on this endpoint before then. Measured
                    // (P8, 4 scorers on one quota): with only the retried request waiting, the others kept the window busy
                    // and 30 % of requests drew 429; a window cannot go below one in flight, a pause can.
                    // Plus up to the same again at random: processes refused at the same moment are told the same
                    // instant, and resuming together they would empty the bucket again at once (a thundering herd).
                    var until = clock.GetUtcNow() + (wait * (1 + Random.Shared.NextDouble()));
                    pausedUntil = until > pausedUntil ? until : pausedUntil;
                }

                // One decrease per epoch: the attempts started before the last decrease report the same overload.
                if (startedInEpoch == epoch)
                {
                    limit = Math.Max(1, limit * DecreaseFactor);
                    epoch++;
                }
            }

            Pump();
        }
    }

    private bool CanStart() => inFlight < (int)limit && clock.GetUtcNow() >= pausedUntil;

    private void Pump()
    {
        while (waiters.First is { } first && CanStart())
        {
            waiters.RemoveFirst();
            inFlight++;
            if (!first.Value.TrySetResult(new ConcurrencyPermit(this, epoch)))
            {
                inFlight--;
            }
        }

        ScheduleResume();
    }

    /// <summary>While paused with callers waiting, a timer lets them go when the pause ends (nobody else would).</summary>
    private void ScheduleResume()
    {
        var delay = pausedUntil - clock.GetUtcNow();
        if (waiters.Count == 0 || delay <= TimeSpan.Zero)
        {
            return;
        }

        resumeTimer?.Dispose();
        resumeTimer = clock.CreateTimer(_ => Resume(), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void Resume()
    {
        lock (gate)
        {
            Pump();
        }
    }

    private async ValueTask<ConcurrencyPermit> WaitAsync(
        LinkedListNode<TaskCompletionSource<ConcurrencyPermit>> node, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                if (node.List is null)
                {
                    return; // already granted: the caller gets the permit and releases it
                }

                waiters.Remove(node);
            }

            node.Value.TrySetCanceled(cancellationToken);
        });
        return await node.Value.Task;
    }
}
