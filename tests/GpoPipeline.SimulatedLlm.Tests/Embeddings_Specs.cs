using System.Text.Json.Nodes;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class Embeddings_Specs
{
    private static float[] Vector(JsonNode item) => [.. item["embedding"]!.AsArray().Select(v => v!.GetValue<float>())];

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    [Fact]
    public async Task When_texts_share_more_words_Should_be_more_similar()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
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
