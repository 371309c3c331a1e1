using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// A task model's endpoint on 127.0.0.1 (a port the system picks) whose <c>POST /v1/chat/completions</c> answers as a
/// spec says: the chat proxy's upstream. A test instrument.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeUpstream(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the proxy sends its calls (<c>ControlPlane:ProxyBaseUrl</c>): ends in <c>/v1/</c>.</summary>
    public Uri BaseUrl { get; }

    public static async Task<FakeUpstream> StartAsync(RequestDelegate answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", answer);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeUpstream(app, new Uri(address + "/v1/"));
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
