using GpoPipeline.SimulatedLlm;
using GpoPipeline.SimulatedLlm.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.Llm.Tests;

/// <summary>
/// The AIMD request rate each process keeps per endpoint, so several processes share one quota without a
/// coordinator. Every spec runs on a manual clock: a turn comes when the spec moves time on, never by waiting.
/// </summary>
public sealed class AdaptiveRate_Specs
{
    [Fact]
    public async Task When_the_endpoint_never_refuses_Should_not_pace_at_all()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new AdaptiveRateLimiter(clock);

        for (var i = 0; i < 100; i++)
        {
            limiter.Complete(await limiter.AcquireAsync(default), AttemptOutcome.Succeeded, quotaRefused: false, null);
        }

        Assert.Null(limiter.Rate);
        Assert.Equal(100, (await AcquireAsync(limiter, clock, 100)).Count(ticket => !ticket.Paced));
    }

    [Fact]
    public async Task When_nothing_has_been_answered_yet_Should_start_a_few_requests_and_one_more_per_answer()
    {
        using var limiter = new AdaptiveRateLimiter(new FakeTimeProvider());

        var turns = Enumerable.Range(0, 4 * AdaptiveRateLimiter.InitialWindow).Select(_ => limiter.AcquireAsync(default).AsTask()).ToList();
        var first = turns.Where(turn => turn.IsCompleted).ToList();
        Assert.Equal(AdaptiveRateLimiter.InitialWindow, first.Count);

        // A round of answers lets twice as many go (slow start doubles per round trip).
        foreach (var turn in first)
        {
            limiter.Complete(await turn, AttemptOutcome.Succeeded, quotaRefused: false, null);
        }

        Assert.Equal(3 * AdaptiveRateLimiter.InitialWindow, turns.Count(turn => turn.IsCompleted));
    }

    [Fact]
    public async Task When_a_429_arrives_Should_pace_at_below_the_rate_it_was_sent_at_and_decrease_once_per_round()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new AdaptiveRateLimiter(clock, () => 0);
        var round = await AcquireAsync(limiter, clock, 20); // 20 starts within the last second: 20 per second

        limiter.Complete(round[0], AttemptOutcome.Overloaded, quotaRefused: true, null);
        limiter.Complete(round[1], AttemptOutcome.Overloaded, quotaRefused: true, null);

        // Two refusals of requests sent before the decrease are one signal.
        Assert.Equal(20 * AdaptiveRateLimiter.DecreaseFactor, limiter.Rate!.Value, precision: 6);
        var first = limiter.AcquireAsync(default).AsTask();
        var second = limiter.AcquireAsync(default).AsTask();
        Assert.True(first.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.9 / 14));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2 / 14));
        Assert.True(second.IsCompleted);

        // A refusal of a request sent after the decrease is a new signal.
        limiter.Complete(await second, AttemptOutcome.Overloaded, quotaRefused: true, null);
        Assert.Equal(14 * AdaptiveRateLimiter.DecreaseFactor, limiter.Rate!.Value, precision: 6);
    }

    [Fact]
    public async Task When_a_429_says_Retry_After_Should_start_nothing_until_the_wait_and_its_jitter_are_over()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new AdaptiveRateLimiter(clock, () => 0.5);
        var refused = await limiter.AcquireAsync(default);

        limiter.Complete(refused, AttemptOutcome.Overloaded, quotaRefused: true, TimeSpan.FromSeconds(4));
        var waiting = limiter.AcquireAsync(default).AsTask();

        // 4 s from the server plus half of it again (this spec's jitter draw): 6 s.
        Assert.Equal(clock.GetUtcNow().AddSeconds(6), limiter.PausedUntil);
        clock.Advance(TimeSpan.FromSeconds(5.9));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(waiting.IsCompleted);
    }

    [Fact]
    public async Task When_paced_requests_succeed_Should_grow_the_rate_back_by_about_the_increase_per_second()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new AdaptiveRateLimiter(clock, () => 0);
        var round = await AcquireAsync(limiter, clock, 20);
        limiter.Complete(round[0], AttemptOutcome.Overloaded, quotaRefused: true, null);
        var decreased = limiter.Rate!.Value;

        // Ten seconds of a caller that always has the next request ready (the rate, not its demand, bounds it).
        var until = clock.GetUtcNow().AddSeconds(10);
        var next = limiter.AcquireAsync(default).AsTask();
        while (clock.GetUtcNow() < until)
        {
            clock.Advance(TimeSpan.FromMilliseconds(5));
            if (next.IsCompleted)
            {
                var ticket = await next;
                next = limiter.AcquireAsync(default).AsTask();
                limiter.Complete(ticket, AttemptOutcome.Succeeded, quotaRefused: false, null);
            }
        }

        // +5 % of the 20/s before the decrease = +1 request/s per second: about 14 → 24 in 10 s.
        Assert.InRange(limiter.Rate!.Value, decreased + 8, decreased + 11);
    }

    [Fact]
    public async Task When_requests_succeed_below_the_rate_Should_not_grow_it()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new AdaptiveRateLimiter(clock, () => 0);
        limiter.Complete((await AcquireAsync(limiter, clock, 10))[0], AttemptOutcome.Overloaded, quotaRefused: true, null);
        var decreased = limiter.Rate!.Value;

        for (var i = 0; i < 50; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // one request a second, far below the rate of 7
            limiter.Complete(await limiter.AcquireAsync(default), AttemptOutcome.Succeeded, quotaRefused: false, null);
        }

        Assert.Equal(decreased, limiter.Rate!.Value);
    }

    [Fact]
    public async Task When_the_endpoint_answers_503_without_Retry_After_Should_shrink_the_window_but_not_the_rate()
    {
        using var rate = new AdaptiveRateLimiter(new FakeTimeProvider());
        using var window = new AdaptiveConcurrencyLimiter(8);
        using var permit = new EndpointPermit(rate, await rate.AcquireAsync(default), await window.AcquireAsync(default));

        permit.Overloaded(503, null);

        Assert.Null(rate.Rate);
        Assert.Equal(4, window.Window);
    }

    /// <summary>
    /// One, two or four processes, each with 32 requests ready at all times and 200 ms per answered request, against the
    /// simulator's own quota (1 s bucket) on one manual clock, for 60 simulated seconds: the P8 benchmark
    /// without the pipeline, deterministic.
    /// </summary>
    [Theory]
    [InlineData(1, 3_600)]
    [InlineData(2, 3_600)]
    [InlineData(4, 3_600)]
    [InlineData(1, 1_200)]
    [InlineData(4, 1_200)]
    public async Task When_processes_share_one_quota_Should_serve_near_it_with_few_refusals(int count, int perMinute)
    {
        var clock = new FakeTimeProvider();
        var quota = new ModelQuota(new SimulatorOptions { RateLimit = new RateLimitOptions { RequestsPerMinute = perMinute, BurstSeconds = 1 } }, clock);
        var seed = new Random(11);
        var processes = Enumerable.Range(0, count).Select(_ => new SimulatedProcess(new AdaptiveRateLimiter(clock, seed.NextDouble))).ToList();
        var start = clock.GetUtcNow();
        var end = start.AddSeconds(60);
        int served = 0, refused = 0;
        while (clock.GetUtcNow() < end)
        {
            var now = clock.GetUtcNow();
            foreach (var process in processes)
            {
                foreach (var ticket in process.Answered(now))
                {
                    process.Limiter.Complete(ticket, AttemptOutcome.Succeeded, quotaRefused: false, null);
                }

                foreach (var ticket in await process.StartedAsync())
                {
                    var wait = quota.TryAdmit(SimModels.Task, 1);
                    if (wait == TimeSpan.Zero)
                    {
                        served++;
                        process.Send(ticket, now.AddMilliseconds(200));
                    }
                    else
                    {
                        refused++;
                        process.Limiter.Complete(ticket, AttemptOutcome.Overloaded, quotaRefused: true, wait);
                    }
                }
            }

            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        // The bucket holds a second's worth at the start, so at most 60 s + 1 s of the quota can be served; the 429
        // share is P8's target (at 1,200/min, 4 processes: 14.5 % with an increase of at least 1/s per second, 9.3 % at 0.1).
        Assert.InRange(served, 0.8 * perMinute, perMinute + (perMinute / 60.0));
        Assert.InRange(refused / (double)(served + refused), 0, 0.10);
        processes.ForEach(process => process.Limiter.Dispose());
    }

    /// <summary>
    /// Opens the slow start wide enough for <paramref name="count"/> requests at once (answered one by one, then two
    /// seconds of quiet so they are out of the measured start rate), then starts them.
    /// </summary>
    private static async Task<List<RateTicket>> AcquireAsync(AdaptiveRateLimiter limiter, FakeTimeProvider clock, int count)
    {
        for (var i = 0; i < count; i++)
        {
            limiter.Complete(await limiter.AcquireAsync(default), AttemptOutcome.Succeeded, quotaRefused: false, null);
        }

        clock.Advance(TimeSpan.FromSeconds(2));


        var tickets = new List<RateTicket>();
        for (var i = 0; i < count; i++)
        {
            tickets.Add(await limiter.AcquireAsync(default));
        }

        return tickets;
    }

    /// <summary>A scorer that keeps 32 requests going: each waits for its turn, then is answered or refused.</summary>
    private sealed class SimulatedProcess(AdaptiveRateLimiter limiter)
    {
        private const int Concurrency = 32;
        private readonly List<Task<RateTicket>> waiting = [];
        private readonly List<(RateTicket Ticket, DateTimeOffset At)> inFlight = [];

        public AdaptiveRateLimiter Limiter => limiter;

        public List<RateTicket> Answered(DateTimeOffset now)
        {
            var done = inFlight.Where(request => request.At <= now).ToList();
            inFlight.RemoveAll(request => request.At <= now);
            return [.. done.Select(request => request.Ticket)];
        }

        /// <summary>The requests whose turn has come; refills the waiting ones up to the process's concurrency.</summary>
        public async Task<List<RateTicket>> StartedAsync()
        {
            while (waiting.Count + inFlight.Count < Concurrency)
            {
                waiting.Add(limiter.AcquireAsync(default).AsTask());
            }

            var started = waiting.Where(turn => turn.IsCompleted).ToList();
            waiting.RemoveAll(started.Contains);
            var tickets = new List<RateTicket>();
            foreach (var turn in started)
            {
                tickets.Add(await turn);
            }

            return tickets;
        }

        public void Send(RateTicket ticket, DateTimeOffset answeredAt) => inFlight.Add((ticket, answeredAt));
    }
}
