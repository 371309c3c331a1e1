using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Llm.Tests;

public sealed class Limits_Specs
{
    [Fact]
    public async Task When_MaxConcurrency_is_two_Should_never_have_more_than_two_requests_in_flight()
    {
        await using var llm = await ModelAccessHarness.StartAsync(
            sim => sim.TaskLatency = new LatencyOptions { Kind = LatencyKind.Fixed, Milliseconds = 60 },
            new Dictionary<string, string?> { ["Llm:Task:MaxConcurrency"] = "2" });
        var call = new ModelCall(Guid.NewGuid(), 1);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question($"slow {i}"), call, default)));

        // Every request takes 60 ms, so with two slots the (i+2)-th can only start once the i-th has ended.
        var starts = llm.Requests.Select(r => r.Timestamp).Order().ToList();
        Assert.Equal(10, starts.Count);
        Assert.All(Enumerable.Range(0, 8), i => Assert.True(
            (starts[i + 2] - starts[i]).TotalMilliseconds >= 55,
            $"requests {i} and {i + 2} started {(starts[i + 2] - starts[i]).TotalMilliseconds:0} ms apart"));
    }

    [Fact]
    public async Task When_RequestsPerMinute_is_600_Should_send_a_burst_of_100_then_one_per_100_ms()
    {
        await using var llm = await ModelAccessHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Task:RequestsPerMinute"] = "600",
        });
        var call = new ModelCall(Guid.NewGuid(), 1);

        await Task.WhenAll(Enumerable.Range(0, 106).Select(i =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question($"limited {i}"), call, default)));

        var starts = llm.Requests.Select(r => r.Timestamp).Order().ToList();
        var span = starts[^1] - starts[0];
        // The 6 requests past the burst wait for the bucket: at least ~500 ms in all. No upper bound: how much longer it
        // takes is the machine's speed, not the limiter's (a 5 s bound failed on a loaded machine).
        Assert.True(span.TotalMilliseconds >= 450, $"106 requests at 600/min spanned {span.TotalMilliseconds:0} ms; the bucket should hold the last 6 for ~500 ms");
    }

    [Fact]
    public async Task When_connections_are_reset_or_bodies_cut_off_Should_retry_until_every_call_succeeds()
    {
        await using var llm = await ModelAccessHarness.StartAsync(sim =>
        {
            sim.Faults.RateReset = 0.2;
            sim.Faults.RateMalformedJson = 0.1;
            sim.Faults.Rate503 = 0.1;
        });
        var call = new ModelCall(Guid.NewGuid(), 1);

        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question($"flaky {i}"), call, default)));

        Assert.All(replies, r => Assert.False(string.IsNullOrEmpty(r.Text)));
        var faults = llm.Requests.Select(r => r.Fault).Where(f => f != FaultKind.None).ToHashSet();
        Assert.Superset(new HashSet<FaultKind> { FaultKind.ConnectionReset, FaultKind.MalformedJson }, faults);
        Assert.Equal(40, (await llm.Ledger.GetTotalsAsync(call.RunId, default)).Calls);
    }
}
