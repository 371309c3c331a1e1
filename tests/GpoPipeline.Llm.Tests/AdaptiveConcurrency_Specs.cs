namespace GpoPipeline.Llm.Tests;

/// <summary>The AIMD window each process keeps per endpoint, so several processes share one quota without a coordinator.</summary>
public sealed class AdaptiveConcurrency_Specs
{
    [Fact]
    public async Task When_several_requests_of_one_round_are_refused_Should_halve_the_window_once()
    {
        using var limiter = new AdaptiveConcurrencyLimiter(8);
        var round = await AcquireAsync(limiter, 8);

        round[0].Overloaded();
        round[1].Overloaded();
        round[2].Overloaded();
        round.Skip(3).ToList().ForEach(permit => permit.Dispose());
        var later = await limiter.AcquireAsync(default);
        later.Overloaded();

        // Three refusals of requests sent before the first decrease are one signal; a later request's refusal is a new one.
        Assert.Equal(2, limiter.Window);
    }

    [Fact]
    public async Task When_requests_succeed_Should_grow_the_window_by_about_one_per_window_of_successes_up_to_MaxConcurrency()
    {
        using var limiter = new AdaptiveConcurrencyLimiter(8);
        (await limiter.AcquireAsync(default)).Overloaded();
        Assert.Equal(4, limiter.Window);

        foreach (var permit in await AcquireAsync(limiter, 4))
        {
            permit.Succeeded();
        }

        Assert.InRange(limiter.Window, 4.8, 5.0);
        for (var i = 0; i < 100; i++)
        {
            (await limiter.AcquireAsync(default)).Succeeded();
        }

        Assert.Equal(8, limiter.Window);
    }

    [Fact]
    public async Task When_the_window_shrinks_below_the_requests_in_flight_Should_start_nothing_new_until_enough_have_ended()
    {
        using var limiter = new AdaptiveConcurrencyLimiter(4);
        var inFlight = await AcquireAsync(limiter, 4);
        inFlight[0].Overloaded(); // window 2, three still in flight

        var waiting = limiter.AcquireAsync(default).AsTask();
        inFlight[1].Succeeded();
        Assert.False(waiting.IsCompleted);
        inFlight[2].Dispose();

        var permit = await waiting;
        Assert.Equal(2, limiter.InFlight);
        permit.Dispose();
        inFlight[3].Dispose();
    }

    [Fact]
    public async Task When_a_waiting_caller_gives_up_Should_leave_the_slot_to_the_next_one()
    {
        using var limiter = new AdaptiveConcurrencyLimiter(1);
        var held = await limiter.AcquireAsync(default);
        using var cancel = new CancellationTokenSource();
        var givesUp = limiter.AcquireAsync(cancel.Token).AsTask();
        var next = limiter.AcquireAsync(default).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givesUp);
        held.Succeeded();

        (await next).Dispose();
        Assert.Equal(0, limiter.InFlight);
    }

    private static async Task<List<ConcurrencyPermit>> AcquireAsync(AdaptiveConcurrencyLimiter limiter, int count)
    {
        var permits = new List<ConcurrencyPermit>();
        for (var i = 0; i < count; i++)
        {
            permits.Add(await limiter.AcquireAsync(default));
        }

        return permits;
    }
}
