using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Llm.Tests;

public sealed class PromptEmbedder_Specs
{
    [Fact]
    public async Task When_no_embedding_model_is_configured_Should_report_unavailable_and_refuse_clearly()
    {
        await using var llm = await ModelAccessHarness.StartAsync();

        Assert.False(llm.Embedder.IsAvailable);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            llm.Embedder.EmbedAsync(["a"], new ModelCall(Guid.NewGuid(), 1), default));
        Assert.Contains("Llm:Embedding:Model", error.Message);
    }

    [Fact]
    public async Task When_texts_are_embedded_again_Should_send_only_the_new_ones()
    {
        await using var llm = await ModelAccessHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Embedding:Model"] = SimModels.Embedding,
        });
        var call = new ModelCall(Guid.NewGuid(), 1, Purpose: "retrieve");
        var first = await llm.Embedder.EmbedAsync(["Let's think step by step.", "Answer carefully."], call, default);

        var second = await llm.Embedder.EmbedAsync(["Answer carefully.", "Something new."], call, default);
        var third = await llm.Embedder.EmbedAsync(["Something new."], call, default);

        Assert.True(llm.Embedder.IsAvailable);
        Assert.Equal(first.Vectors[1], second.Vectors[0]);
        Assert.NotEqual(second.Vectors[0], second.Vectors[1]);
        Assert.Equal(second.Vectors[1], third.Vectors[0]);
        Assert.Equal((false, 1), (second.Usage.CacheHit, second.Usage.Attempts));
        Assert.Equal((true, 0), (third.Usage.CacheHit, third.Usage.Attempts));
        Assert.Equal(2, llm.Requests.Count);
        var totals = await llm.Ledger.GetTotalsAsync(call.RunId, default);
        Assert.Equal((2L, 2L), (totals.Calls, totals.CacheHits)); // "Answer carefully." again, then "Something new." again
        Assert.Equal(llm.Requests.Sum(r => (long)r.PromptTokens), totals.InputTokens);
    }

    [Fact]
    public async Task When_the_model_answers_another_dimension_under_its_name_Should_embed_again_a_cached_vector_of_the_length_not_expected()
    {
        // The cache is keyed by the model's name: after its endpoint's dimensions changed, a cached text came back at
        // the former length beside new texts at the new one, and retrieval could never rank by cosine again.
        await using var llm = await ModelAccessHarness.StartAsync(simulator: o => o.EmbeddingDimensions = 32, settings: new Dictionary<string, string?>
        {
            ["Llm:Embedding:Model"] = SimModels.Embedding,
        });
        var call = new ModelCall(Guid.NewGuid(), 1, Purpose: "embed");
        await llm.Embedder.EmbedAsync(["Answer carefully."], call, default);
        llm.Sim.Options.EmbeddingDimensions = 64;

        var trusting = await llm.Embedder.EmbedAsync(["Answer carefully.", "Something new."], call, default);
        var expecting = await llm.Embedder.EmbedAsync(["Answer carefully.", "Something new."], call with { ExpectedDimensions = 64 }, default);
        var cachedAgain = await llm.Embedder.EmbedAsync(["Answer carefully."], call, default);

        Assert.Equal([32, 64], trusting.Vectors.Select(v => v.Length));
        Assert.Equal([64, 64], expecting.Vectors.Select(v => v.Length));
        Assert.Equal(64, Assert.Single(cachedAgain.Vectors).Length); // the new vector replaced the former one in the cache
        Assert.Equal(3, llm.Requests.Count);
    }
}
