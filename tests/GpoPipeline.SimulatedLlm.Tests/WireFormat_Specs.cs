using System.Net;
using System.Text.Json.Nodes;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class WireFormat_Specs
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task When_a_chat_completion_asks_for_n_choices_Should_return_n_choices_with_usage_and_the_simulator_marker()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 }, Ct);
        using var client = new SimClient(sim);

        using var response = await client.PostAsync("chat/completions", new
        {
            model = "sim-optimizer",
            n = 3,
            messages = new[] { new { role = "user", content = "The current prompt is:\nLet's think step by step.\n\nWrap the new prompt with <START> and <END>." } },
        });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("x-simulated-llm").Single());
        Assert.Equal("chat.completion", json["object"]!.GetValue<string>());
        Assert.Equal(3, json["choices"]!.AsArray().Count);
        var usage = json["usage"]!;
        Assert.True(usage["prompt_tokens"]!.GetValue<int>() > 0);
        Assert.True(usage["completion_tokens"]!.GetValue<int>() > 0);
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
    }
}
