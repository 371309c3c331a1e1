using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class WireFormat_Specs
{
    private static readonly object[] OneMessage = [new { role = "user", content = "Hello" }];

    [Fact]
    public async Task When_a_chat_completion_asks_for_n_choices_Should_return_n_choices_with_usage_and_the_simulator_marker()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
        using var client = new SimClient(sim);

        using var response = await client.PostAsync("chat/completions", new
        {
            model = "sim-optimizer",
            n = 3,
            messages = new[] { new { role = "user", content = "The current prompt is:\nLet's think step by step.\n\nWrap the new prompt with <START> and <END>." } },
        });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("x-simulated-llm").Single());
        Assert.Equal("chat.completion", json["object"]!.GetValue<string>());
        Assert.Equal([0, 1, 2], json["choices"]!.AsArray().Select(c => c!["index"]!.GetValue<int>()));
        Assert.All(json["choices"]!.AsArray(), c => Assert.Equal("assistant", c!["message"]!["role"]!.GetValue<string>()));
        var usage = json["usage"]!;
        Assert.True(usage["prompt_tokens"]!.GetValue<int>() > 0);
        Assert.True(usage["completion_tokens"]!.GetValue<int>() > 0);
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task When_max_completion_tokens_is_small_Should_truncate_and_report_length()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
        using var client = new SimClient(sim);

        var json = await client.PostJsonAsync("chat/completions", new { model = "sim-optimizer", max_completion_tokens = 3, messages = OneMessage });

        Assert.Equal("length", json["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.True(json["choices"]![0]!["message"]!["content"]!.GetValue<string>().Length <= 12);
        Assert.True(json["usage"]!["completion_tokens"]!.GetValue<int>() <= 3);
    }

    [Fact]
    public async Task When_the_model_is_unknown_Should_answer_404_model_not_found()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
        using var client = new SimClient(sim);

        using var response = await client.PostAsync("chat/completions", new { model = "gpt-4o", messages = OneMessage });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model_not_found", error["code"]!.GetValue<string>());
        Assert.Contains("gpt-4o", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task When_an_api_key_is_configured_and_the_request_lacks_it_Should_answer_401_invalid_api_key(string? presented)
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, ApiKey = "sk-sim-secret" });
        using var bad = new SimClient(sim, presented);
        using var good = new SimClient(sim, "sk-sim-secret");

        using var rejected = await bad.PostAsync("embeddings", new { model = "sim-embedding", input = "hi" });
        using var accepted = await good.PostAsync("embeddings", new { model = "sim-embedding", input = "hi" });

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("invalid_api_key", JsonNode.Parse(await rejected.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [InlineData("{ not json", "not a valid chat-completion JSON")]
    [InlineData("{\"model\":\"sim-task\"}", "'messages'")]
    [InlineData("{\"model\":\"sim-task\",\"n\":\"three\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "$.n")]
    [InlineData("{\"model\":\"sim-task\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "Streaming")]
    [InlineData("{\"model\":\"sim-task\",\"messages\":[{\"role\":\"user\",\"content\":\"x \\ud800\"}]}", "holds an unpaired surrogate (\\ud800)")] // was a 500
    public async Task When_the_body_is_malformed_or_asks_to_stream_Should_answer_400_saying_what_is_wrong(string body, string expected)
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
        using var client = new SimClient(sim);

        using var response = await client.Http.PostAsync("chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Contains(expected, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_models_are_listed_Should_show_the_three_simulated_models()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
        using var client = new SimClient(sim);

        var json = await client.Http.GetFromJsonAsync<JsonNode>("models");

        Assert.Equal(["sim-embedding", "sim-optimizer", "sim-task"], json!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task When_the_request_log_is_read_and_reset_over_http_Should_list_then_forget_the_requests()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
        using var client = new SimClient(sim);
        await client.PostJsonAsync("embeddings", new { model = "sim-embedding", input = "hello" });
        await client.PostJsonAsync("embeddings", new { model = "sim-embedding", input = "world" });
        var root = new Uri(sim.BaseUrl, "/");

        var log = await client.Http.GetFromJsonAsync<JsonArray>(new Uri(root, "sim/requests"));
        using var reset = await client.Http.PostAsync(new Uri(root, "sim/reset"), null);

        Assert.Equal(2, log!.Count);
        Assert.Equal("/v1/embeddings", log[0]!["path"]!.GetValue<string>());
        Assert.NotEqual(log[0]!["bodyHash"]!.GetValue<string>(), log[1]!["bodyHash"]!.GetValue<string>());
        Assert.Empty(sim.Requests.Snapshot());
    }
}
