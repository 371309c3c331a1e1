using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Llm.Tests;

/// <summary>Usage a provider bills is recorded even when the call's attempts fail or come back cut off (issue 13 point 5).</summary>
public sealed class CompleteUsage_Specs
{
    [Fact]
    public async Task When_a_reply_is_cut_off_Should_record_its_billed_tokens_as_estimated_and_count_every_attempt()
    {
        await using var llm = await ModelAccessHarness.StartAsync(sim => sim.Faults.RateMalformedJson = 1);
        var call = new ModelCall(Guid.NewGuid(), 1);

        var reply = llm.Task.CompleteAsync(ModelAccessHarness.Question("What is the capital of France? Answer in one word."), call, default);
        // Every attempt is cut off until the simulator is healed; the client keeps retrying meanwhile.
        while (!llm.Requests.Any(r => r.Fault == FaultKind.MalformedJson))
        {
            await Task.Delay(10);
        }

        llm.Sim.Options.Faults.RateMalformedJson = 0;
        await reply;

        var requests = llm.Requests;
        var answered = requests.Single(r => r.Fault == FaultKind.None);
        var totals = await llm.Ledger.GetTotalsAsync(call.RunId, default);
        Assert.Equal(1, totals.Calls);
        Assert.Equal(requests.Count, totals.Attempts);
        Assert.Equal(1, totals.EstimatedCalls);
        // The answered attempt's own usage, plus at least as much again for the cut-off one(s).
        Assert.True(totals.InputTokens >= 2 * answered.PromptTokens, $"{totals.InputTokens} input tokens recorded; the answer alone reported {answered.PromptTokens}");
    }

    [Fact]
    public async Task When_every_attempt_fails_Should_still_record_the_call_with_its_attempts()
    {
        await using var llm = await ModelAccessHarness.StartAsync(
            sim => sim.Faults.Rate500 = 1,
            new Dictionary<string, string?> { ["Llm:Task:MaxRetries"] = "3" });
        var call = new ModelCall(Guid.NewGuid(), 1);

        await Assert.ThrowsAsync<ModelCallException>(() =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question("doomed"), call, default));

        var totals = await llm.Ledger.GetTotalsAsync(call.RunId, default);
        Assert.Equal(1, totals.Calls);
        Assert.Equal(4, totals.Attempts);
        Assert.Equal(0, totals.TotalTokens);
    }

    [Fact]
    public async Task When_an_error_body_reports_usage_Should_read_it()
    {
        var body = """{"error":{"message":"cut"},"usage":{"prompt_tokens":12,"completion_tokens":7}}"""u8.ToArray();
        var cutOff = """{"id":"x","choices":[{"message":{"content":"Par"""u8.ToArray();

        var (complete, usage) = ReportedUsage.Read(body);
        var (cutComplete, cutUsage) = ReportedUsage.Read(cutOff);

        Assert.True(complete);
        Assert.Equal((12L, 7L), usage);
        Assert.False(cutComplete);
        Assert.Null(cutUsage);
        Assert.Equal("\"Par", ReportedUsage.PartialContent(cutOff));
    }
}
