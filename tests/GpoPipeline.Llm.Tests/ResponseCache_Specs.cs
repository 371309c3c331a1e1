using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Llm.Tests;

public sealed class ResponseCache_Specs
{
    [Fact]
    public async Task When_a_task_call_is_repeated_Should_be_answered_from_the_cache()
    {
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 1, Purpose: "score");

        var first = await llm.Task.CompleteAsync(ModelAccessHarness.Question("Is 7 prime?\nLet's think."), call, default);
        var second = await llm.Task.CompleteAsync(ModelAccessHarness.Question("Is 7 prime?\nLet's think."), call, default);

        Assert.Single(llm.Requests);
        Assert.Equal(first.Text, second.Text);
        Assert.False(first.Usage.CacheHit);
        Assert.True(second.Usage.CacheHit);
        Assert.Equal(0, second.Usage.TotalTokens);
        var totals = await llm.Ledger.GetTotalsAsync(call.RunId, default);
        Assert.Equal((1L, 1L), (totals.Calls, totals.CacheHits));
    }

    [Fact]
    public async Task When_two_roles_use_the_same_model_and_settings_Should_not_share_cache_entries()
    {
        // Same model, temperature and max tokens for both roles: only the role in the key keeps them apart.
        await using var llm = await ModelAccessHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Optimizer:Model"] = SimModels.Task,
            ["Llm:Optimizer:Temperature"] = "0",
            ["Llm:Optimizer:MaxOutputTokens"] = "256",
        });
        var call = new ModelCall(Guid.NewGuid(), 1);

        await llm.Task.CompleteAsync(ModelAccessHarness.Question("Same words"), call, default);
        var optimizer = await llm.Optimizer.GenerateAsync("Same words", 1, call, default);

        Assert.Equal(2, llm.Requests.Count);
        Assert.False(optimizer.Completions[0].Usage.CacheHit);
    }

    [Fact]
    public async Task When_two_models_answer_the_same_prompt_Should_each_get_their_own_answer()
    {
        await using var llm = await ModelAccessHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Optimizer:Temperature"] = "0",
            ["Llm:Optimizer:MaxOutputTokens"] = "256",
        });
        var call = new ModelCall(Guid.NewGuid(), 1);

        var task = await llm.Task.CompleteAsync(ModelAccessHarness.Question("Write a prompt."), call, default);
        var optimizer = await llm.Optimizer.GenerateAsync("Write a prompt.", 1, call, default);

        Assert.Equal([SimModels.Optimizer, SimModels.Task], llm.Requests.Select(r => r.Model).Order());
        Assert.NotEqual(task.Text, optimizer.Texts[0]);
    }

    [Fact]
    public async Task When_the_task_model_is_deterministic_Should_share_answers_across_runs()
    {
        await using var llm = await ModelAccessHarness.StartAsync();

        await llm.Task.CompleteAsync(ModelAccessHarness.Question("Q1"), new ModelCall(Guid.NewGuid(), 1), default);
        var other = await llm.Task.CompleteAsync(ModelAccessHarness.Question("Q1"), new ModelCall(Guid.NewGuid(), 4), default);

        Assert.Single(llm.Requests);
        Assert.True(other.Usage.CacheHit);
    }
}
