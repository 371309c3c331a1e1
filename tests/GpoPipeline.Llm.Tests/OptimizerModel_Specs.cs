namespace GpoPipeline.Llm.Tests;

public sealed class OptimizerModel_Specs
{
    private const string MetaPrompt = "Your task is to write a new prompt.\nCurrent prompt: Let's think step by step.\nYou are allowed to change up to 30 words in the current prompt.";

    [Fact]
    public async Task When_asked_for_eight_candidates_Should_sample_eight_completions_with_distinct_seeds()
    {
        await using var llm = await ModelAccessHarness.StartAsync();

        var result = await llm.Optimizer.GenerateAsync(MetaPrompt, 8, new ModelCall(Guid.NewGuid(), 1), default);

        Assert.Equal(8, result.Completions.Count);
        // Two samples may legitimately come out the same (a real model repeats itself too, and GPO de-duplicates);
        // one reply copied eight times would mean the seeds never reached the model.
        Assert.True(result.Texts.Distinct().Count() > 1, "all eight candidates are the same text");
        var requests = llm.Requests;
        Assert.Equal(8, requests.Count);
        Assert.All(requests, r => Assert.Equal((1, 1.0), (r.N, r.Temperature)));
        Assert.Equal(8, requests.Select(r => r.Seed).Distinct().Count());
    }

    [Fact]
    public async Task When_the_same_step_is_generated_again_Should_replay_the_same_candidates_without_calls()
    {
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 2);
        var first = await llm.Optimizer.GenerateAsync(MetaPrompt, 8, call, default);

        var replay = await llm.Optimizer.GenerateAsync(MetaPrompt, 8, call, default);

        Assert.Equal(first.Texts, replay.Texts);
        Assert.All(replay.Completions, c => Assert.True(c.Usage.CacheHit));
        Assert.Equal(8, llm.Requests.Count);
        Assert.Equal((8L, 8L), await Totals(llm, call.RunId));
    }

    [Fact]
    public async Task When_the_next_step_sends_the_same_meta_prompt_Should_sample_fresh_candidates()
    {
        await using var llm = await ModelAccessHarness.StartAsync();
        var run = Guid.NewGuid();
        await llm.Optimizer.GenerateAsync(MetaPrompt, 4, new ModelCall(run, 1), default);

        var next = await llm.Optimizer.GenerateAsync(MetaPrompt, 4, new ModelCall(run, 2), default);

        Assert.All(next.Completions, c => Assert.False(c.Usage.CacheHit));
        Assert.Equal(8, llm.Requests.Count);
        Assert.Equal(8, llm.Requests.Select(r => r.Seed).Distinct().Count());
    }

    [Fact]
    public async Task When_the_count_is_not_positive_Should_reject_it()
    {
        await using var llm = await ModelAccessHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            llm.Optimizer.GenerateAsync(MetaPrompt, 0, new ModelCall(Guid.NewGuid(), 1), default));
        Assert.Empty(llm.Requests);
    }

    private static async Task<(long Calls, long Hits)> Totals(ModelAccessHarness llm, Guid run)
    {
        var totals = await llm.Ledger.GetTotalsAsync(run, default);
        return (totals.Calls, totals.CacheHits);
    }
}
