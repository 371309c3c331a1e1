using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GpoPipeline.SimulatedLlm;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GpoPipeline.Llm.Tests;

/// <summary>
/// Measures what the client stack (SDK, middleware, cache lookup, limits, retries, accounting) costs per call
/// against a zero-latency simulator, next to a bare HttpClient POST of the same request. Prints the numbers.
/// </summary>
[Collection(SerialTelemetry.Name)]
public sealed class StackOverhead_Specs(ITestOutputHelper output)
{
    private const int Calls = 1_000;
    private const int Warmup = 50;
    private const int Rounds = 10;

    [Fact]
    public async Task When_1000_sequential_calls_go_through_the_stack_Should_report_the_overhead_over_raw_http()
    {
        // Information, as a deployed worker logs: at Trace the library's LoggingChatClient serializes every prompt.
        await using var llm = await ModelAccessHarness.StartAsync(minimumLogLevel: LogLevel.Information);
        using var http = new HttpClient { BaseAddress = llm.Sim.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ModelAccessHarness.ApiKey);
        var run = Guid.NewGuid();

        await RawAsync(http, "warm", Warmup);
        await StackAsync(llm, run, "warm", Warmup);
        // Alternating rounds, so load from other processes on this 2-core machine falls on both sides alike.
        TimeSpan raw = default, stack = default, hits = default;
        for (var round = 0; round < Rounds; round++)
        {
            raw += await RawAsync(http, $"raw{round}", Calls / Rounds);
            stack += await StackAsync(llm, run, $"stack{round}", Calls / Rounds);
        }

        for (var round = 0; round < Rounds; round++)
        {
            hits += await StackAsync(llm, run, $"stack{round}", Calls / Rounds);
        }

        output.WriteLine($"raw HttpClient POST : {raw.TotalMilliseconds / Calls:0.000} ms/call");
        output.WriteLine($"full stack (miss)   : {stack.TotalMilliseconds / Calls:0.000} ms/call");
        output.WriteLine($"full stack (hit)    : {hits.TotalMilliseconds / Calls:0.000} ms/call");
        output.WriteLine($"overhead per call   : {(stack - raw).TotalMilliseconds / Calls:0.000} ms");
        var requests = llm.Requests;
        Assert.Equal(2 * (Warmup + Calls), requests.Count(r => r.StatusCode == 200));
        Assert.Equal(Warmup + Calls, (await llm.Ledger.GetTotalsAsync(run, default)).Calls);
        Assert.Equal(Calls, (await llm.Ledger.GetTotalsAsync(run, default)).CacheHits);
    }

    private static async Task<TimeSpan> RawAsync(HttpClient http, string label, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var body = JsonSerializer.Serialize(new
            {
                model = SimModels.Task,
                messages = new[] { new { role = "user", content = $"{label} question {i}?" } },
                temperature = 0,
                max_completion_tokens = 256,
            });
            using var response = await http.PostAsync("chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsStringAsync();
        }

        return watch.Elapsed;
    }

    private static async Task<TimeSpan> StackAsync(ModelAccessHarness llm, Guid run, string label, int count)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await llm.Task.CompleteAsync(ModelAccessHarness.Question($"{label} question {i}?"), new ModelCall(run, 1), default);
        }

        return watch.Elapsed;
    }
}
