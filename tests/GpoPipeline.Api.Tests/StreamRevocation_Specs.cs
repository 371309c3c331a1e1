using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// An open event stream ends once the key it was opened with is revoked or its stream token expires (API audit: a
/// revoked key's open stream went on receiving events indefinitely, while a new connection got 401).
/// </summary>
public sealed class StreamRevocation_Specs : IAsyncLifetime
{
    /// <summary>Generous, so a slow machine cannot fail a spec; the streams re-check every 5 s by default.</summary>
    private static readonly TimeSpan EndsWithin = TimeSpan.FromSeconds(30);

    private readonly ShiftedClock clock = new();
    private readonly ApiFactory api;

    public StreamRevocation_Specs() =>
        api = new ApiFactory(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_the_key_of_an_open_stream_of_every_run_is_revoked_Should_end_the_stream()
    {
        var (key, id) = await IssueReadKeyAsync();
        using var stream = await OpenAsync(api.ClientWith(key), "/v1/runs/events");

        await RevokeAsync(id);

        await AssertEndsAsync(stream);
    }

    [Fact]
    public async Task When_the_key_of_an_open_stream_of_one_run_is_revoked_Should_end_the_stream()
    {
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav");
        Assert.True((await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(100)))).IsSuccessStatusCode);
        var submitted = await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        var run = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (key, id) = await IssueReadKeyAsync();
        using var stream = await OpenAsync(api.ClientWith(key), $"/v1/runs/{run}/events"); // no workers: the run stays submitted

        await RevokeAsync(id);

        await AssertEndsAsync(stream);
    }

    [Fact]
    public async Task When_the_key_that_issued_a_stream_token_is_revoked_Should_end_the_stream_opened_with_the_token()
    {
        var (key, id) = await IssueReadKeyAsync();
        using var stream = await OpenAsync(api.CreateClient(), $"/v1/runs/events?access_token={Uri.EscapeDataString(await StreamTokens.IssueAsync(api.ClientWith(key)))}");

        await RevokeAsync(id);

        await AssertEndsAsync(stream);
    }

    [Fact]
    public async Task When_the_stream_token_of_an_open_stream_expires_Should_end_the_stream_while_its_key_stays_valid()
    {
        var (key, _) = await IssueReadKeyAsync();
        using var stream = await OpenAsync(api.CreateClient(), $"/v1/runs/events?access_token={Uri.EscapeDataString(await StreamTokens.IssueAsync(api.ClientWith(key)))}");

        clock.Shift(TimeSpan.FromMinutes(6)); // past the 5-minute lifetime

        await AssertEndsAsync(stream);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientWith(key).GetAsync("/v1/runs")).StatusCode);
    }

    private async Task<(string Key, string Id)> IssueReadKeyAsync()
    {
        var response = await api.Admin().PostAsync("/v1/keys", Jsonl.Json(new { name = "watcher", scopes = new[] { "read" } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (created.GetProperty("key").GetString()!, created.GetProperty("id").GetString()!);
    }

    private async Task RevokeAsync(string id) =>
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/keys/{id}")).StatusCode);

    /// <summary>The stream, open and past its first event (so the server has started streaming before anything changes).</summary>
    private static async Task<StreamReader> OpenAsync(HttpClient client, string path)
    {
        using var timeout = new CancellationTokenSource(EndsWithin);
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        while (await reader.ReadLineAsync(timeout.Token) is { } line && !line.StartsWith("event: snapshot", StringComparison.Ordinal))
        {
        }

        return reader;
    }

    /// <summary>Reads to the end of the stream; fails (instead of hanging) when the server keeps it open.</summary>
    private static async Task AssertEndsAsync(StreamReader stream)
    {
        using var timeout = new CancellationTokenSource(EndsWithin);
        try
        {
            while (await stream.ReadLineAsync(timeout.Token) is not null)
            {
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The stream was still open {EndsWithin.TotalSeconds:0} s later.");
        }
    }

    /// <summary>The system clock moved forward on demand: a stream token expires without waiting five minutes.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        private long shiftTicks;

        public void Shift(TimeSpan by) => Interlocked.Add(ref shiftTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref shiftTicks));
    }
}
