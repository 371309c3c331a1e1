namespace GpoPipeline.Llm.Tests;

/// <summary>
/// A reply with no text that stopped at the output limit (a reasoning model spending its whole MaxOutputTokens before
/// it answers; the simulator's ReasoningTokens) is a failure naming the setting, paid and accounted, and never cached:
/// scored, it was a wrong answer that every later run with the same prompt reused.
/// </summary>
public sealed class NoAnswer_Specs
{
    [Fact]
    public async Task When_a_reasoning_model_spends_its_output_limit_before_answering_Should_fail_naming_the_setting()
    {
        await using var llm = await ModelAccessHarness.StartAsync(sim => sim.ReasoningTokens = 300, new Dictionary<string, string?>
        {
            ["Llm:Task:MaxOutputTokens"] = "200",
        });
        var call = new ModelCall(Guid.NewGuid(), 1, Purpose: "score");

        var error = await Assert.ThrowsAsync<ModelCallException>(() => llm.Task.CompleteAsync(ModelAccessHarness.Question("Is 7 prime?"), call, default));

        Assert.Contains("finish_reason length", error.Message, StringComparison.Ordinal);
        Assert.Contains("raise Llm:Task:MaxOutputTokens", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        var totals = await llm.Ledger.GetTotalsAsync(call.RunId, default);
        Assert.Equal(1L, totals.Calls); // paid, so counted
        Assert.Equal(200L, totals.OutputTokens);
    }

    [Fact]
    public async Task When_the_same_call_is_made_again_Should_ask_the_endpoint_again_not_a_cache()
    {
        await using var llm = await ModelAccessHarness.StartAsync(sim => sim.ReasoningTokens = 300, new Dictionary<string, string?>
        {
            ["Llm:Task:MaxOutputTokens"] = "200",
        });
        var call = new ModelCall(Guid.NewGuid(), 1, Purpose: "score");

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<ModelCallException>(() => llm.Task.CompleteAsync(ModelAccessHarness.Question("Is 7 prime?"), call, default));
        }

        Assert.Equal(2, llm.Requests.Count);
    }

    [Fact]
    public async Task When_the_limit_leaves_room_after_the_reasoning_Should_answer()
    {
        await using var llm = await ModelAccessHarness.StartAsync(sim => sim.ReasoningTokens = 300, new Dictionary<string, string?>
        {
            ["Llm:Task:MaxOutputTokens"] = "2000",
        });
        var call = new ModelCall(Guid.NewGuid(), 1, Purpose: "score");

        var reply = await llm.Task.CompleteAsync(ModelAccessHarness.Question("Is 7 prime?"), call, default);

        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.True(reply.Usage.OutputTokens > 300, "the reasoning tokens are part of the completion");
    }
}
