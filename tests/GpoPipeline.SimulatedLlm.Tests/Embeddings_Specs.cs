using System.Text.Json.Nodes;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class Embeddings_Specs
{
    private static float[] Vector(JsonNode item) => [.. item["embedding"]!.AsArray().Select(v => v!.GetValue<float>())];

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    [Fact]
    public async Task When_texts_mean_the_same_in_other_words_Should_be_closer_than_an_unrelated_text()
    {
        // sim-embedding can serve the shipped all-MiniLM-L6-v2 (issue 15): semantic, not word overlap — the first two
        // share only "step by step". Measured: 0.65 vs −0.01 (docs/dependency-notes.md).
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, EmbeddingModel = "minilm" });
        using var client = new SimClient(sim);

        var json = await client.PostJsonAsync("embeddings", new
        {
            model = "sim-embedding",
            input = new[] { "Let's think step by step.", "Think carefully, step by step, before answering.", "The weather in Paris is sunny." },
        });
        var v = json["data"]!.AsArray().Select(i => Vector(i!)).ToArray();

        Assert.All(v, x => Assert.Equal(384, x.Length));
        Assert.All(v, x => Assert.Equal(1.0, Math.Sqrt(Cosine(x, x)), 3));
        Assert.InRange(Cosine(v[0], v[1]), 0.5, 0.8);
        Assert.InRange(Cosine(v[0], v[2]), -0.2, 0.2);
    }

    [Fact]
    public async Task When_fewer_dimensions_are_asked_for_Should_truncate_and_renormalise_and_refuse_more_than_384()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, EmbeddingModel = "minilm" });
        using var client = new SimClient(sim);

        var full = Vector((await client.PostJsonAsync("embeddings", new { model = "sim-embedding", input = "hello world" }))["data"]![0]!);
        var short64 = Vector((await client.PostJsonAsync("embeddings", new { model = "sim-embedding", input = "hello world", dimensions = 64 }))["data"]![0]!);
        using var tooMany = await client.PostAsync("embeddings", new { model = "sim-embedding", input = "hello world", dimensions = 512 });

        var norm = Math.Sqrt(full.Take(64).Sum(x => (double)x * x));
        Assert.Equal(full.Take(64).Select(x => x / norm), short64.Select(x => (double)x), (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task When_texts_share_more_words_Should_be_more_similar_with_the_hashed_embedding()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, EmbeddingModel = "hashed" });
        using var client = new SimClient(sim);

        var json = await client.PostJsonAsync("embeddings", new
        {
            model = "sim-embedding",
            input = new[] { "Let's think step by step.", "Let's think step by step and check the final answer.", "Sort the words alphabetically." },
        });
        var v = json["data"]!.AsArray().Select(i => Vector(i!)).ToArray();

        Assert.All(v, x => Assert.Equal(256, x.Length));
        Assert.All(v, x => Assert.Equal(1.0, Math.Sqrt(Cosine(x, x)), 3));
        Assert.True(Cosine(v[0], v[1]) > Cosine(v[0], v[2]) + 0.3, $"close {Cosine(v[0], v[1])}, far {Cosine(v[0], v[2])}");
        Assert.True(json["usage"]!["prompt_tokens"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task When_base64_encoding_is_asked_for_Should_send_the_same_vector_as_little_endian_floats()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
        using var client = new SimClient(sim);

        var floats = Vector((await client.PostJsonAsync("embeddings", new { model = "sim-embedding", input = "hello world" }))["data"]![0]!);
        var encoded = (await client.PostJsonAsync("embeddings", new { model = "sim-embedding", input = "hello world", encoding_format = "base64" }))["data"]![0]!["embedding"]!.GetValue<string>();
        var decoded = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(encoded)).ToArray();

        Assert.Equal(floats, decoded);
    }
}
