using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class Faults_Specs
{
    private static readonly object Body = new { model = "sim-embedding", input = "fault probe" };

    private static async Task SendAsync(SimClient client, int count)
    {
        for (var i = 0; i < count; i++)
        {
            try
            {
                using var response = await client.PostAsync("embeddings", Body);
                await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException)
            {
                // A reset fault aborts the connection; the request log still records it.
            }
        }
    }

    [Fact]
    public async Task When_fault_rates_are_set_Should_inject_each_fault_at_roughly_its_rate_over_200_requests()
    {
        var faults = new FaultOptions { Rate429 = 0.10, Rate500 = 0.10, Rate503 = 0.05, RateReset = 0.05, RateMalformedJson = 0.05, RetryAfterSeconds = 0 };
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 4, Faults = faults });
        using var client = new SimClient(sim);

        await SendAsync(client, 200);
        var log = sim.Requests.Snapshot();

        Assert.Equal(200, log.Count);
        double Rate(FaultKind kind) => log.Count(r => r.Fault == kind) / 200.0;
        Assert.InRange(Rate(FaultKind.TooManyRequests429), 0.04, 0.17);
        Assert.InRange(Rate(FaultKind.InternalServerError500), 0.04, 0.17);
        Assert.InRange(Rate(FaultKind.ServiceUnavailable503), 0.01, 0.10);
        Assert.InRange(Rate(FaultKind.ConnectionReset), 0.01, 0.10);
        Assert.InRange(Rate(FaultKind.MalformedJson), 0.01, 0.10);
        Assert.All(log.Where(r => r.Fault == FaultKind.TooManyRequests429), r => Assert.Equal(429, r.StatusCode));
        Assert.All(log.Where(r => r.Fault == FaultKind.None), r => Assert.Equal(200, r.StatusCode));
    }

    [Fact]
    public async Task When_two_servers_share_a_seed_Should_inject_the_same_fault_sequence()
    {
        var options = () => new SimulatorOptions { Seed = 8, Faults = new FaultOptions { Rate429 = 0.2, Rate500 = 0.2, RetryAfterSeconds = 0 } };
        async Task<FaultKind[]> RunAsync()
        {
            await using var sim = await SimulatedLlmServer.StartAsync(options());
            using var client = new SimClient(sim);
            await SendAsync(client, 40);
            return [.. sim.Requests.Snapshot().Select(r => r.Fault)];
        }

        var first = await RunAsync();

        Assert.Equal(first, await RunAsync());
        Assert.Contains(first, f => f != FaultKind.None);
    }

    [Theory]
    [InlineData(2.0, "2", null)]
    [InlineData(0.25, "1", "250")]
    public async Task When_a_429_is_injected_Should_send_retry_after(double seconds, string retryAfter, string? retryAfterMs)
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, Faults = new FaultOptions { Rate429 = 1, RetryAfterSeconds = seconds } });
        using var client = new SimClient(sim);

        using var response = await client.PostAsync("embeddings", Body);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(retryAfter, response.Headers.GetValues("Retry-After").Single());
        Assert.Equal(retryAfterMs, response.Headers.TryGetValues("retry-after-ms", out var ms) ? ms.Single() : null);
        Assert.Equal("rate_limit_exceeded", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(seconds, sim.Requests.Snapshot().Single().RetryAfterSeconds);
    }

    [Fact]
    public async Task When_fault_rates_change_on_the_live_options_Should_apply_to_the_next_request()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 });
        using var client = new SimClient(sim);

        using var before = await client.PostAsync("embeddings", Body);
        sim.Options.Faults.Rate503 = 1;
        using var after = await client.PostAsync("embeddings", Body);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
    }

    [Fact]
    public async Task When_a_timeout_fault_or_fixed_latency_is_set_Should_delay_the_answer()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions
        {
            Seed = 1,
            EmbeddingLatency = new LatencyOptions { Kind = LatencyKind.Fixed, Milliseconds = 150 },
            Faults = new FaultOptions { RateTimeout = 1, TimeoutMilliseconds = 300 },
        });
        using var client = new SimClient(sim);

        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsync("embeddings", Body);
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 440, $"answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(FaultKind.Timeout, sim.Requests.Snapshot().Single().Fault);
    }

    [Fact]
    public async Task When_a_malformed_json_fault_is_injected_Should_send_a_body_that_does_not_parse()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, Faults = new FaultOptions { RateMalformedJson = 1 } });
        using var client = new SimClient(sim);

        using var response = await client.PostAsync("embeddings", Body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }
}
