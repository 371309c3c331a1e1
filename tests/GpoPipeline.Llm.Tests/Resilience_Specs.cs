using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Llm.Tests;

public sealed class Resilience_Specs
{
    [Fact]
    public async Task When_30_percent_of_requests_fail_with_429_or_500_Should_complete_all_200_calls()
    {
        await using var llm = await ModelAccessHarness.StartAsync(sim =>
        {
            sim.Faults.Rate429 = 0.15;
            sim.Faults.Rate500 = 0.15;
            sim.Faults.RetryAfterSeconds = 0.02;
        });
        var call = new ModelCall(Guid.NewGuid(), 1);

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question($"Question number {i}?"), call, default)));

        Assert.All(replies, reply => Assert.False(string.IsNullOrEmpty(reply.Text)));
        var requests = llm.Requests;
        Assert.Equal(200, requests.Count(r => r.StatusCode == 200));
        Assert.InRange(requests.Count(r => r.StatusCode is 429 or 500), 30, 120);
        Assert.Equal(200, (await llm.Ledger.GetTotalsAsync(call.RunId, default)).Calls);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.4)]
    public async Task When_the_server_answers_429_with_a_wait_Should_retry_no_sooner(double retryAfterSeconds)
    {
        // Whole seconds arrive as Retry-After, fractions also as retry-after-ms; our own backoff would be ~10 ms.
        await using var llm = await ModelAccessHarness.StartAsync(sim =>
        {
            sim.Faults.Rate429 = 1;
            sim.Faults.RetryAfterSeconds = retryAfterSeconds;
        });

        var reply = llm.Task.CompleteAsync(ModelAccessHarness.Question("wait for me"), new ModelCall(Guid.NewGuid(), 1), default);
        while (!llm.Requests.Any(r => r.StatusCode == 429))
        {
            await Task.Delay(5);
        }

        llm.Sim.Options.Faults.Rate429 = 0;
        await reply;

        var requests = llm.Requests.OrderBy(r => r.Sequence).ToList();
        Assert.Equal([429, 200], requests.Select(r => r.StatusCode));
        var gap = requests[1].Timestamp - requests[0].Timestamp;
        // No sooner than asked; the jitter against thundering herds adds at most the same wait again (+5 s of slack for a
        // loaded machine: the bound catches a wait read in the wrong unit, not a slow scheduler).
        Assert.InRange(gap.TotalSeconds, retryAfterSeconds, (2 * retryAfterSeconds) + 5.0);
    }

    [Fact]
    public async Task When_the_API_key_is_rejected_Should_fail_at_once_saying_which_setting_to_fix()
    {
        await using var llm = await ModelAccessHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Task:ApiKey"] = "sk-wrong-key-0000",
        });

        var error = await Assert.ThrowsAsync<ModelCallException>(() =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question("hello"), new ModelCall(Guid.NewGuid(), 1), default));

        Assert.Equal(401, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Equal(
            $"The API key for the task model was rejected (401) by {llm.Sim.BaseUrl}; set Llm:Task:ApiKey or OPENAI_API_KEY.",
            error.Message);
        Assert.Single(llm.Requests);
    }

    [Fact]
    public async Task When_the_model_does_not_exist_Should_fail_at_once_naming_the_model_setting()
    {
        await using var llm = await ModelAccessHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Task:Model"] = "gpt-does-not-exist",
        });

        var error = await Assert.ThrowsAsync<ModelCallException>(() =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question("hello"), new ModelCall(Guid.NewGuid(), 1), default));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("'gpt-does-not-exist'", error.Message);
        Assert.Contains("check Llm:Task:Model and Llm:Task:BaseUrl", error.Message);
        Assert.Single(llm.Requests);
    }

    [Fact]
    public async Task When_every_attempt_fails_Should_stop_after_MaxRetries_with_a_transient_error()
    {
        await using var llm = await ModelAccessHarness.StartAsync(
            sim => sim.Faults.Rate500 = 1,
            new Dictionary<string, string?> { ["Llm:Task:MaxRetries"] = "3" });

        var error = await Assert.ThrowsAsync<ModelCallException>(() =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question("doomed"), new ModelCall(Guid.NewGuid(), 1), default));

        Assert.True(error.IsTransient);
        Assert.Equal(500, error.StatusCode);
        Assert.Contains("after 4 attempt(s)", error.Message);
        Assert.Equal(4, llm.Requests.Count);
    }

    [Fact]
    public async Task When_an_attempt_exceeds_the_timeout_Should_retry_it()
    {
        await using var llm = await ModelAccessHarness.StartAsync(
            sim =>
            {
                sim.Faults.RateTimeout = 1;
                sim.Faults.TimeoutMilliseconds = 5_000;
            },
            new Dictionary<string, string?> { ["Llm:Task:Timeout"] = "00:00:00.300" });

        var reply = llm.Task.CompleteAsync(ModelAccessHarness.Question("slow"), new ModelCall(Guid.NewGuid(), 1), default);
        // The simulator logs a request when it ends: a timed-out one when our client gives up on it.
        while (!llm.Requests.Any(r => r.Fault == FaultKind.Timeout))
        {
            await Task.Delay(20);
        }

        llm.Sim.Options.Faults.RateTimeout = 0;
        var answer = await reply;

        Assert.False(string.IsNullOrEmpty(answer.Text));
        Assert.Contains(llm.Requests, r => r.StatusCode == 200);
    }
}
