namespace GpoPipeline.Llm;

/// <summary>
/// In-flight requests of one endpoint under an AIMD window (additive increase, multiplicative decrease), so N
/// processes sharing one provider quota settle near it without a coordinator: each shrinks its own window when the
/// provider says "overloaded" (429/503) and grows it back by about one request per window of successes.
/// The request rate and the Retry-After pauses are <see cref="AdaptiveRateLimiter"/>'s; this window bounds what one
/// process has in flight.
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
    private double limit;
    private int inFlight;
    private long epoch;

    public AdaptiveConcurrencyLimiter(int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        this.maximum = maximum;
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
        }

        return WaitAsync(node, cancellationToken);
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetException(new ObjectDisposedException(nameof(AdaptiveConcurrencyLimiter)));
            }

            waiters.Clear();
        }
    }

    /// <summary>Called once per permit with how its attempt ended.</summary>
    internal void Complete(long startedInEpoch, AttemptOutcome outcome)
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

    private bool CanStart() => inFlight < (int)limit;

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
