using System.Net;
using GpoPipeline.Api.Tests.Support;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A stream token authenticates the event streams, known by the endpoint routing matched, and nothing else (it was
/// decided by the path's spelling: GET …/events, case and trailing slash included, whatever the path led to).
/// </summary>
public sealed class StreamTokens_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData("/v1/runs/events/")]
    [InlineData("/v1/Runs/Events")]
    public async Task When_a_stream_is_opened_with_a_token_at_a_spelling_routing_leads_to_it_Should_be_let_in(string path)
    {
        var token = Uri.EscapeDataString(await StreamTokens.IssueAsync(api.Admin()));

        using var response = await api.CreateClient().GetAsync($"{path}?access_token={token}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/v1/tasks/x/events")]
    [InlineData("/v1/whoami")]
    public async Task When_a_token_is_sent_to_a_path_that_is_no_stream_Should_get_401_saying_it_opens_streams_only(string path)
    {
        var token = Uri.EscapeDataString(await StreamTokens.IssueAsync(api.Admin()));

        var response = await api.CreateClient().GetAsync($"{path}?access_token={token}");

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("'access_token'", detail, StringComparison.Ordinal);
        Assert.Contains("only by the event streams", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_token_is_given_twice_Should_get_401_saying_to_give_one()
    {
        var token = Uri.EscapeDataString(await StreamTokens.IssueAsync(api.Admin()));

        var response = await api.CreateClient().GetAsync($"/v1/runs/events?access_token={token}&access_token={token}");

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("'access_token' is given 2 times", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_token_is_sent_as_a_bearer_key_Should_get_401_saying_where_a_token_goes()
    {
        var token = await StreamTokens.IssueAsync(api.Admin());

        var response = await api.ClientWith(token).GetAsync("/v1/runs/events", HttpCompletionOption.ResponseHeadersRead);

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("stream token", detail, StringComparison.Ordinal);
        Assert.Contains("'?access_token=", detail, StringComparison.Ordinal);
    }
}
