namespace GpoPipeline.Llm;

/// <summary>
/// The request rate of one endpoint under AIMD (additive increase, multiplicative decrease), so N processes sharing
/// one provider quota settle near it without a coordinator. Until the provider first refuses a request for its quota
/// (429) the rate is unknown and requests are not paced, but a fresh process starts with a few in flight and adds one
/// per success (TCP's slow start: doubling each round trip); from the first 429 on requests start at most <see cref="Rate"/> per second, evenly spaced. A 429 lowers
/// the rate by <see cref="DecreaseFactor"/> and pauses the endpoint for its Retry-After (plus jitter); each second
/// of paced successes raises it again by a few per cent of the rate it had before the decrease.
/// Why a rate and not only the in-flight window: a quota is a rate, and N windows grow N times as fast as one,
/// so 4 processes drew 429 on half their requests (P8 in tests/BENCHMARKS.md). Why not a library:
/// System.Threading.RateLimiting's token bucket fixes its rate when constructed (its options are read once), and
/// replacing it on every change would drop its queue; this is an evenly spaced schedule (GCRA) over a FIFO queue.
/// </summary>
internal sealed class AdaptiveRateLimiter : IDisposable
{
    /// <summary>Gentler than TCP's halving (CUBIC's 0.7): a shared quota is refused in bursts, and halving on each
    /// burst left 4 processes well below the quota between bursts.</summary>
    public const double DecreaseFactor = 0.7;

    /// <summary>Requests per second never fall below this (6 per minute), so a run always makes progress.</summary>
    public const double MinimumRate = 0.1;

    /// <summary>Growth per second of paced successes, as a share of the rate before the last decrease: a rate cut
    /// by 30 % is regained in about 6 s whatever the quota's size.</summary>
    public const double IncreaseShare = 0.05;

    /// <summary>At least this many requests per second more per second, so a rate cut to almost nothing recovers.
    /// Small: 4 processes sharing 20/s grew by 4/s each second with 1 here, and drew 14.5 % 429s (AdaptiveRate_Specs).</summary>
    public const double MinimumIncrease = 0.1;

    /// <summary>
    /// Requests a fresh process has in flight before any has been answered (TCP's initial window, RFC 6928). 16 is
    /// MaxConcurrency's default, so a process configured so never waits for the slow start; above it the window
    /// doubles per round trip. Measured (P8, MaxConcurrency 64, 4 scorer processes): each sent 32 at once into a
    /// bucket of 20, and those first refusals alone were 13 % of the run's requests. Not 4: each doubling costs a
    /// round trip, and with 5 of them 106 requests to a loaded endpoint took 6.5 s instead of well under 5 s.
    /// </summary>
    public const int InitialWindow = 16;

    /// <summary>The window over which the start rate is measured when the first 429 arrives.</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MinimumWake = TimeSpan.FromMilliseconds(1);

    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource<RateTicket>> waiters = new();
    private readonly Queue<DateTimeOffset> recentStarts = new();
    private readonly TimeProvider clock;
    private readonly Func<double> random;
    private readonly TimeSpan maxPause;
    private double? rate;
    private double slowStartWindow = InitialWindow;
    private int inFlight;
    private double increasePerSecond = MinimumIncrease;
    private DateTimeOffset nextStart;
    private DateTimeOffset pausedUntil;
    private long epoch;
    private ITimer? wakeTimer;

    /// <param name="random">A number in [0, 1) for the pause's jitter (a seeded source in specs).</param>
    /// <param name="maxPause">The longest pause a Retry-After causes, jitter included (the endpoint's RetryMaxDelay);
    /// null: no bound beyond the wait's own.</param>
    public AdaptiveRateLimiter(TimeProvider clock, Func<double>? random = null, TimeSpan? maxPause = null)
    {
        this.clock = clock;
        this.random = random ?? Random.Shared.NextDouble;
        this.maxPause = maxPause ?? TimeSpan.MaxValue;
    }

    /// <summary>Requests per second this process starts at most; null while the endpoint has never refused a request.</summary>
    public double? Rate
    {
        get
        {
            lock (gate)
            {
                return rate;
            }
        }
    }

    /// <summary>No request starts before this moment (the latest Retry-After of a 429, with jitter).</summary>
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

    /// <summary>Callers waiting for their turn.</summary>
    public int Waiting
    {
        get
        {
            lock (gate)
            {
                return waiters.Count;
            }
        }
    }

    public ValueTask<RateTicket> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<RateTicket> waiter;
        LinkedListNode<TaskCompletionSource<RateTicket>> node;
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (waiters.Count == 0 && CanStart(now))
            {
                return ValueTask.FromResult(Start(now, paced: false));
            }

            waiter = new TaskCompletionSource<RateTicket>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = waiters.AddLast(waiter);
            Pump(now);
        }

        // Without a token to watch, the turn is the waiter's own task: complete the moment its turn is given.
        return cancellationToken.CanBeCanceled ? WaitAsync(node, cancellationToken) : new ValueTask<RateTicket>(waiter.Task);
    }

    /// <summary>Called once per started request with how it ended.</summary>
    /// <param name="quotaRefused">429 (or 503 with a Retry-After): the provider says this client sends too fast.</param>
    public void Complete(RateTicket ticket, AttemptOutcome outcome, bool quotaRefused, TimeSpan? retryAfter)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            inFlight--;
            if (outcome == AttemptOutcome.Succeeded && rate is null)
            {
                // Slow start: one more per answered request, so the requests in flight double each round trip.
                slowStartWindow++;
            }
            else if (outcome == AttemptOutcome.Succeeded && ticket.Paced && rate is { } current)
            {
                // About +increasePerSecond per second: a second of paced successes is `rate` of them. Only paced
                // requests count: a process that sends less than its rate learns nothing about the quota from them.
                rate = current + (increasePerSecond / current);
            }
            else if (outcome == AttemptOutcome.Overloaded && quotaRefused)
            {
                if (retryAfter is { } wait && wait > TimeSpan.Zero)
                {
                    // Plus up to the same again at random: processes refused at the same moment are told the same
                    // instant, and resuming together they would empty the bucket again at once (a thundering herd).
                    // Never longer than RetryMaxDelay, the bound on every wait (a Retry-After of 600 s stalled every
                    // caller of the endpoint for 10 to 20 minutes).
                    var pause = wait * (1 + random());
                    var until = now + (pause < maxPause ? pause : maxPause);
                    pausedUntil = until > pausedUntil ? until : pausedUntil;
                }

                // One decrease per epoch: the requests started before the last decrease report the same overload.
                if (ticket.Epoch == epoch)
                {
                    var before = rate ?? StartRate(now);
                    increasePerSecond = Math.Max(MinimumIncrease, before * IncreaseShare);
                    rate = Math.Max(MinimumRate, before * DecreaseFactor);
                    epoch++;
                }
            }

            Pump(now);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            wakeTimer?.Dispose();
            foreach (var waiter in waiters)
            {
                waiter.TrySetException(new ObjectDisposedException(nameof(AdaptiveRateLimiter)));
            }

            waiters.Clear();
        }
    }

    private bool CanStart(DateTimeOffset now) => now >= pausedUntil && (rate is null ? inFlight < slowStartWindow : now >= nextStart);

    private RateTicket Start(DateTimeOffset now, bool paced)
    {
        inFlight++;
        recentStarts.Enqueue(now);
        while (recentStarts.Peek() < now - RateWindow)
        {
            recentStarts.Dequeue();
        }

        if (rate is { } current)
        {
            // Evenly spaced. A timer that fired late keeps the schedule (catching up by less than one interval); after
            // an idle spell the schedule starts afresh from now, so idleness never saves up a burst.
            var interval = TimeSpan.FromSeconds(1 / current);
            nextStart = nextStart > now - interval ? nextStart + interval : now + interval;
        }

        return new RateTicket(epoch, paced && rate is not null);
    }

    /// <summary>Starts per second over the last second: the unpaced rate that the first 429 answered.</summary>
    private double StartRate(DateTimeOffset now)
    {
        while (recentStarts.Count > 0 && recentStarts.Peek() < now - RateWindow)
        {
            recentStarts.Dequeue();
        }

        return Math.Max(MinimumRate, recentStarts.Count / RateWindow.TotalSeconds);
    }

    private void Pump(DateTimeOffset now)
    {
        while (waiters.First is { } first && CanStart(now))
        {
            waiters.RemoveFirst();
            if (!first.Value.TrySetResult(Start(now, paced: true)))
            {
                // Gone meanwhile (disposed): its turn goes unused, which only errs on the slow side, and it is not in flight.
                inFlight--;
            }
        }

        ScheduleWake(now);
    }

    /// <summary>With callers waiting, a timer lets the next one go at its turn (nobody else would).</summary>
    private void ScheduleWake(DateTimeOffset now)
    {
        if (waiters.Count == 0 || (rate is null && now >= pausedUntil))
        {
            return; // nothing waits, or only for a request in flight to end (Complete lets the next one go)
        }

        // Pump has let go of everyone it could, so the next turn is in the future (at least a tick, never a busy loop).
        var at = rate is null || nextStart < pausedUntil ? pausedUntil : nextStart;
        var delay = at - now;
        wakeTimer?.Dispose();
        wakeTimer = clock.CreateTimer(_ => Wake(), null, delay > MinimumWake ? delay : MinimumWake, Timeout.InfiniteTimeSpan);
    }

    private void Wake()
    {
        lock (gate)
        {
            Pump(clock.GetUtcNow());
        }
    }

    private async ValueTask<RateTicket> WaitAsync(LinkedListNode<TaskCompletionSource<RateTicket>> node, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                if (node.List is null)
                {
                    return; // already let go: the caller reports its outcome as usual
                }

                waiters.Remove(node);
            }

            node.Value.TrySetCanceled(cancellationToken);
        });
        return await node.Value.Task;
    }
}
