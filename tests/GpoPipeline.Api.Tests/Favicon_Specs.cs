using System.Net;
using GpoPipeline.Api.Tests.Support;

namespace GpoPipeline.Api.Tests;

/// <summary>The icon a browser asks for beside the dashboard: served without a key, like the dashboard's other files.</summary>
public sealed class Favicon_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_a_browser_asks_for_favicon_ico_without_a_key_Should_get_an_icon()
    {
        var response = await api.CreateClient().GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
        var icon = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, icon[..4]); // an ICO file's header: reserved 0, type 1 (icon)
    }
}
