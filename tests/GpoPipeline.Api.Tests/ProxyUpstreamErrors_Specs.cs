using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// The chat proxy when the task model's endpoint refuses: a client error of the request comes back as that 4xx with
/// the upstream's message (and its OpenAI error object); the proxy's own setup refused, or an upstream 5xx, is a 502.
/// </summary>
public sealed class ProxyUpstreamErrors_Specs : IAsyncLifetime
{
    private const string OpenAiError = "{\"error\":{\"message\":\"stream=true is not supported by this model\",\"type\":\"invalid_request_error\",\"param\":\"stream\"}}";
    private FakeUpstream upstream = null!;
    private ApiFactory api = null!;
    private (int Status, string Body, string? RetryAfter) answer;

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync(async http =>
        {
            http.Response.StatusCode = answer.Status;
            http.Response.ContentType = "application/json";
            if (answer.RetryAfter is not null)
            {
                http.Response.Headers.RetryAfter = answer.RetryAfter;
            }

            await http.Response.WriteAsync(answer.Body);
        });
        api = new ApiFactory(new Dictionary<string, string?>
        {
            ["ControlPlane:ProxyBaseUrl"] = upstream.BaseUrl.ToString(), ["ControlPlane:ProxyModel"] = "upstream-model", ["ControlPlane:ProxyApiKey"] = "upstream-secret",
        });
        await api.Admin().CreateTaskAsync("sky");
    }

    public async Task DisposeAsync()
    {
        await api.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task When_the_upstream_refuses_the_request_with_a_400_Should_answer_400_with_its_message_and_error_object()
    {
        answer = (400, OpenAiError, null);

        var response = await ChatAsync(stream: true);

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("stream=true is not supported by this model", detail, StringComparison.Ordinal);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("stream", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task When_the_upstream_answers_429_Should_answer_429_with_its_Retry_After()
    {
        answer = (429, "{\"error\":{\"message\":\"Rate limit reached\"}}", "7");

        var response = await ChatAsync(stream: false);

        Assert.Contains("Rate limit reached", await Problems.AssertProblemAsync(response, HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(500, "ProxyBaseUrl", false)]
    [InlineData(503, "ProxyBaseUrl", false)]
    [InlineData(401, "ProxyApiKey", true)]
    [InlineData(404, "ProxyModel", true)]
    public async Task When_the_upstream_fails_or_refuses_the_proxys_setup_Should_answer_502_saying_what_it_said(int status, string setting, bool namesSetting)
    {
        answer = (status, "{\"error\":{\"message\":\"upstream says no\"}}", null);

        var detail = await Problems.AssertProblemAsync(await ChatAsync(stream: false), HttpStatusCode.BadGateway);

        Assert.Contains($"answered {status}", detail, StringComparison.Ordinal);
        Assert.Contains("upstream says no", detail, StringComparison.Ordinal);
        Assert.Equal(namesSetting, detail.Contains(setting, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"error\":{\"message\":\"first\"},\"error\":{\"message\":\"second\"}}")]
    [InlineData("{\"error\":{\"message\":\"half a pair \\ud800\"}}")]
    [InlineData("{\"error\":{\"message\":\"bad\",\"param\":\"half a pair \\ud800\"}}")]
    public async Task When_the_upstream_refuses_with_JSON_that_cannot_be_read_as_text_Should_pass_its_body_on_as_text(string body)
    {
        answer = (400, body, null);

        var detail = await Problems.AssertProblemAsync(await ChatAsync(stream: false), HttpStatusCode.BadRequest);

        Assert.Contains(body, detail, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> ChatAsync(bool stream) => api.Admin().PostAsync("/v1/chat/completions",
        Jsonl.Json(new { model = "gpo:sky", stream, messages = new[] { new { role = "user", content = "Is the sky blue?" } } }));
}
