using System.Globalization;
using System.Net;
using System.Text.Json;

namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>
/// The simulator's quota mode. Limits are per minute and tiny (1 request, or a few hundred tokens, per minute), so
/// a second request within the same minute is over quota however slow the machine is.
/// </summary>
public sealed class RateLimit_Specs
{
    [Fact]
    public async Task When_a_model_has_used_its_requests_per_minute_Should_answer_429_with_the_wait_until_the_next_request_fits()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions
        {
            Seed = 1,
            RateLimit = new RateLimitOptions { RequestsPerMinute = 1, BurstSeconds = 60 },
        });
        using var client = new SimClient(sim);

        using var first = await client.PostAsync("chat/completions", Requests.Task("first"));
        using var second = await client.PostAsync("chat/completions", Requests.Task("second"));
        using var error = JsonDocument.Parse(await second.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("rate_limit_exceeded", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        var waitMs = double.Parse(second.Headers.GetValues("retry-after-ms").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(waitMs, 1, 60_000);
        Assert.Equal(Math.Ceiling(waitMs / 1000).ToString(CultureInfo.InvariantCulture), second.Headers.GetValues("Retry-After").Single());
        var log = sim.Requests.Snapshot().OrderBy(r => r.Sequence).ToList();
        Assert.Equal([FaultKind.None, FaultKind.RateLimited], log.Select(r => r.Fault));
        Assert.Equal(0, log[1].PromptTokens + log[1].CompletionTokens);
    }

    [Fact]
    public async Task When_a_model_is_rate_limited_Should_send_OpenAIs_x_ratelimit_headers_with_every_answer()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions
        {
            Seed = 1,
            RateLimit = new RateLimitOptions { RequestsPerMinute = 2, BurstSeconds = 60 },
        });
        using var client = new SimClient(sim);

        using var first = await client.PostAsync("chat/completions", Requests.Task("first"));
        using var second = await client.PostAsync("chat/completions", Requests.Task("second"));
        using var third = await client.PostAsync("chat/completions", Requests.Task("third"));

        string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
        Assert.Equal(["2", "2", "2"], new[] { first, second, third }.Select(r => Header(r, "x-ratelimit-limit-requests")));
        Assert.Equal(["1", "0", "0"], new[] { first, second, third }.Select(r => Header(r, "x-ratelimit-remaining-requests")));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        // Two requests spent of a bucket refilled at 2 a minute: full again in about a minute (Go-style duration).
        Assert.Matches("^(59(\\.\\d+)?s|1m0(\\.\\d+)?s)$", Header(third, "x-ratelimit-reset-requests"));
        Assert.False(first.Headers.Contains("x-ratelimit-limit-tokens"));
    }

    [Fact]
    public async Task When_one_model_is_over_its_quota_Should_still_serve_another_model()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions
        {
            Seed = 1,
            RateLimit = new RateLimitOptions { RequestsPerMinute = 1 },
        });
        using var client = new SimClient(sim);

        using var task = await client.PostAsync("chat/completions", Requests.Task("task"));
        using var taskAgain = await client.PostAsync("chat/completions", Requests.Task("task again"));
        using var optimizer = await client.PostAsync("chat/completions", Requests.Optimizer("Improve: be careful.", n: 1));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            new[] { task.StatusCode, taskAgain.StatusCode, optimizer.StatusCode });
    }

    [Fact]
    public async Task When_tokens_per_minute_are_limited_Should_count_the_prompt_and_max_tokens()
    {
        // 300 tokens a minute: a request reserving 200 (prompt + max_tokens) fits once; the second does not, a small one still does.
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions
        {
            Seed = 1,
            RateLimit = new RateLimitOptions { TokensPerMinute = 300 },
        });
        using var client = new SimClient(sim);
        object Reserving(int maxTokens, string text) => new
        {
            model = "sim-task",
            temperature = 0,
            max_tokens = maxTokens,
            messages = new[] { new { role = "user", content = text } },
        };

        using var big = await client.PostAsync("chat/completions", Reserving(198, "12345678"));
        using var bigAgain = await client.PostAsync("chat/completions", Reserving(198, "12345678"));
        using var small = await client.PostAsync("chat/completions", Reserving(50, "12345678"));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            new[] { big.StatusCode, bigAgain.StatusCode, small.StatusCode });
    }

    [Fact]
    public async Task When_the_rate_limit_is_invalid_Should_refuse_to_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SimulatedLlmServer.StartAsync(new SimulatorOptions { RateLimit = new RateLimitOptions { RequestsPerMinute = 0 } }));

        Assert.Contains("Simulator:RateLimit:RequestsPerMinute", error.Message, StringComparison.Ordinal);
    }
}
