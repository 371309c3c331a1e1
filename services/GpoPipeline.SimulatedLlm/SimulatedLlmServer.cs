using System.Net;
using GpoPipeline.SimulatedLlm.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GpoPipeline.SimulatedLlm;

/// <summary>
/// The simulated LLM inside the calling process, on 127.0.0.1 with an ephemeral port: a test instrument.
/// <code>await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 }, ct);</code>
/// </summary>
public sealed class SimulatedLlmServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SimulatedLlmServer(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>OpenAI-style base address ending in <c>/v1/</c>, e.g. <c>http://127.0.0.1:54321/v1/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request received, faulted ones included.</summary>
    public RequestLog Requests => app.Services.GetRequiredService<RequestLog>();

    /// <summary>The live options: changes (e.g. fault rates) apply to the next request.</summary>
    public SimulatorOptions Options => app.Services.GetRequiredService<SimulatorOptions>();

    public static Task<SimulatedLlmServer> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, port: 0, cancellationToken);

    /// <param name="port">Port on 127.0.0.1; 0 picks a free one (tests), a fixed one serves other processes (`gpo sim`).</param>
    public static Task<SimulatedLlmServer> StartAsync(SimulatorOptions options, int port, CancellationToken cancellationToken = default) =>
        StartAsync(options, port, configure: null, cancellationToken);

    /// <param name="configure">Extra host setup, e.g. `gpo sim` adds the service defaults so it exports telemetry.</param>
    public static async Task<SimulatedLlmServer> StartAsync(
        SimulatorOptions options, int port, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatedLlmServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, OwnerLifetime>();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        configure?.Invoke(builder);
        var app = SimulatorApp.Build(builder, options);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatedLlmServer(app, new Uri(address.TrimEnd('/') + "/v1/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
