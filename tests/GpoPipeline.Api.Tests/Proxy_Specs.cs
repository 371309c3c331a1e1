using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// The OpenAI-compatible proxy (issue 12): the champion goes where the scorers put it, streaming passes through,
/// the answering champion version is returned and counted, the npm `openai` client works against it, and neither
/// keys nor prompts reach logs or spans.
/// </summary>
public sealed class Proxy_Specs : IAsyncLifetime
{
    private const string Champion = "Answer with Yes or No, reasoning about colours.";
    private const string Question = "Is the sky blue?";
    private readonly ExportedSpanCollection spans = new();
    private RecordingUpstream upstream = null!;
    private ApiFactory api = null!;

    public async Task InitializeAsync()
    {
        upstream = await RecordingUpstream.StartAsync();
        api = await CreateApiAsync(kestrel: false);
    }

    private async Task<ApiFactory> CreateApiAsync(bool kestrel)
    {
        var factory = new ApiFactory(
            new Dictionary<string, string?>
            {
                ["ControlPlane:ProxyBaseUrl"] = upstream.BaseUrl.ToString(), ["ControlPlane:ProxyModel"] = "upstream-model",
                ["ControlPlane:ProxyApiKey"] = "upstream-secret",
            },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        if (kestrel)
        {
            factory.UseKestrel(0); // a real socket, for the node client
            factory.StartServer();
        }

        var created = await factory.Admin().PostAsync("/v1/tasks", Jsonl.Json(new { name = "sky", initialPrompt = Champion, settings = new { promptPosition = "Q_begin" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return factory;
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task When_an_application_calls_the_proxy_Should_apply_the_champion_at_the_task_position_and_count_the_answer()
    {
        var response = await api.Admin().PostAsync("/v1/chat/completions", Jsonl.Json(new
        {
            model = "gpo:sky", temperature = 0.2, messages = new object[] { new { role = "system", content = "Be brief." }, new { role = "user", content = Question } },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("X-Gpo-Champion-Version").Single());
        Assert.Equal("Yes, it is.", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var sent = Assert.Single(upstream.Requests);
        Assert.Equal("upstream-model", sent["model"]!.GetValue<string>());
        Assert.Equal($"{Champion}\n{Question}", sent["messages"]![1]!["content"]!.GetValue<string>()); // Q_begin: prompt, newline, question
        Assert.Equal("Be brief.", sent["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(0.2, sent["temperature"]!.GetValue<double>());
        Assert.Equal("Bearer upstream-secret", upstream.Authorizations.Single());
        var served = (await api.Admin().GetFromJsonAsync<JsonElement>("/v1/tasks/sky/champions")).GetProperty("served");
        Assert.Equal(1, served[0].GetProperty("answers").GetInt64());
    }

    [Fact]
    public async Task When_the_call_streams_Should_pass_the_chunks_through()
    {
        var response = await api.Admin().PostAsync("/v1/chat/completions", Jsonl.Json(new
        {
            model = "gpo:sky", stream = true, messages = new[] { new { role = "user", content = Question } },
        }));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(4, body.Split("data: ").Length - 1);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_keys_and_prompts_pass_through_Should_never_appear_in_logs_or_spans()
    {
        await api.Admin().PostAsync("/v1/chat/completions", Jsonl.Json(new { model = "gpo:sky", messages = new[] { new { role = "user", content = Question } } }));
        await api.Admin().GetAsync("/v1/tasks/sky/prompt");
        await api.ClientWith("gpo_0123456789ab_a-wrong-secret").GetAsync("/v1/tasks");

        string[] secrets = [ApiFactory.AdminKey, "test-admin-secret", "a-wrong-secret", "upstream-secret", Champion, Question];
        List<string> logs;
        lock (api.Logs)
        {
            logs = [.. api.Logs];
        }

        Assert.NotEmpty(logs);
        // The in-memory exporter appends from its own thread: read a copy (ToArray checks no version), not the live list.
        var exported = spans.Snapshot();
        Assert.NotEmpty(exported);
        var spanText = exported.SelectMany(s => s.Tags.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName)).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(spanText, tag => tag.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task When_the_npm_openai_client_calls_the_proxy_Should_get_plain_and_streamed_answers()
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "GpoPipeline.Api.Tests", "OpenAiClient");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "openai")))
        {
            Assert.Equal(0, (await RunAsync("npm", "ci --no-audit --no-fund", folder)).ExitCode); // the pinned client, once per clone
        }

        await using var served = await CreateApiAsync(kestrel: true);
        var baseUrl = new Uri(served.ClientOptions.BaseAddress, "/v1").ToString();
        var (exitCode, stdout) = await RunAsync("node", $"client.mjs {baseUrl} {ApiFactory.AdminKey} sky", folder);

        Assert.True(exitCode == 0, stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("Yes, it is.", lines[0].GetProperty("content").GetString());
        Assert.Equal("1", lines[0].GetProperty("championVersion").GetString());
        Assert.Equal("Yes, it is.", lines[1].GetProperty("content").GetString());
        Assert.Equal(3, lines[1].GetProperty("chunks").GetInt32());
        Assert.Equal(2, upstream.Requests.Count);
        Assert.All(upstream.Requests, r => Assert.StartsWith(Champion, r["messages"]![0]!["content"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
