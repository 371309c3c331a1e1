using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A chat-proxy call ends once the key it was made with is revoked, as an event stream does (StreamRevocation_Specs):
/// authentication looked only at the call's start, so a revoked key's streamed answer went on for as long as the
/// task model kept answering (up to the proxy's 5-minute upstream timeout), and so did the upstream call.
/// </summary>
public sealed class ProxyRevocation_Specs : IAsyncLifetime
{
    /// <summary>Generous, so a slow machine cannot fail a spec; the call re-checks its key every 200 ms here.</summary>
    private static readonly TimeSpan EndsWithin = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource upstreamCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource upstreamCalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeUpstream upstream = null!;
    private ApiFactory api = null!;
    private bool answerBegins;
    private bool headersOnly;

    public async Task InitializeAsync()
    {
        // A task model that never finishes: it sends the first chunk of a streamed answer, its headers only, or nothing; then waits.
        upstream = await FakeUpstream.StartAsync(async http =>
        {
            upstreamCalled.TrySetResult();
            if (headersOnly)
            {
                http.Response.ContentType = "text/event-stream";
                await http.Response.StartAsync();
                await http.Response.Body.FlushAsync(); // 200 and its headers out at once, the first chunk later (as OpenAI streams)
            }

            if (answerBegins)
            {
                http.Response.ContentType = "text/event-stream";
                await http.Response.WriteAsync("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"up\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Yes\"},\"finish_reason\":null}]}\n\n");
                await http.Response.Body.FlushAsync();
            }

            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                upstreamCancelled.TrySetResult();
            }
        });
        api = new ApiFactory(new Dictionary<string, string?>
        {
            ["ControlPlane:ProxyBaseUrl"] = upstream.BaseUrl.ToString(), ["ControlPlane:ProxyModel"] = "upstream-model",
            ["ControlPlane:StreamRecheckInterval"] = "00:00:00.2",
        });
        await api.Admin().CreateTaskAsync("sky");
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task When_the_key_of_a_streaming_call_is_revoked_Should_cut_the_answer_and_the_upstream_call()
    {
        answerBegins = true;
        var (key, id) = await IssueProxyKeyAsync();
        using var timeout = new CancellationTokenSource(EndsWithin);
        using var response = await api.ClientWith(key).SendAsync(Chat(), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        Assert.StartsWith("data: ", await body.ReadLineAsync(timeout.Token), StringComparison.Ordinal); // the answer has begun

        await RevokeAsync(id);

        // Cut, not ended cleanly: a clean end would pass for a whole answer.
        var cut = await Record.ExceptionAsync(async () =>
        {
            while (await body.ReadLineAsync(timeout.Token) is not null)
            {
            }
        });
        Assert.False(timeout.IsCancellationRequested, $"The answer was still open {EndsWithin.TotalSeconds:0} s after its key was revoked.");
        Assert.IsAssignableFrom<IOException>(cut);
        await upstreamCancelled.Task.WaitAsync(EndsWithin);
        await AssertNotServedAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the upstream's headers are in, its first chunk is not: nothing of the proxy's answer went out yet
    public async Task When_the_key_is_revoked_before_the_task_model_answers_Should_answer_401_and_cancel_the_upstream_call(bool upstreamHeadersSent)
    {
        answerBegins = false;
        headersOnly = upstreamHeadersSent;
        var (key, id) = await IssueProxyKeyAsync();
        var calling = api.ClientWith(key).SendAsync(Chat());
        await upstreamCalled.Task.WaitAsync(EndsWithin);

        await RevokeAsync(id);

        using var response = await calling.WaitAsync(EndsWithin);
        Assert.Contains("revoked", await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        await upstreamCancelled.Task.WaitAsync(EndsWithin);
        await AssertNotServedAsync();
    }

    private static HttpRequestMessage Chat() => new(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = Jsonl.Json(new { model = "gpo:sky", stream = true, messages = new[] { new { role = "user", content = "Is the sky blue?" } } }),
    };

    private async Task<(string Key, string Id)> IssueProxyKeyAsync()
    {
        var response = await api.Admin().PostAsync("/v1/keys", Jsonl.Json(new { name = "app", scopes = new[] { "proxy" }, task = "sky" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("key").GetString()!, created.GetProperty("id").GetString()!);
    }

    private async Task RevokeAsync(string id) =>
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/keys/{id}")).StatusCode);

    private async Task AssertNotServedAsync()
    {
        var served = (await api.Admin().GetFromJsonAsync<JsonElement>("/v1/tasks/sky/champions")).GetProperty("served");
        Assert.All(served.EnumerateArray(), s => Assert.Equal(0, s.GetProperty("answers").GetInt64()));
    }
}
