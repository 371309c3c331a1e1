using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// The API joined to a real pipeline over RabbitMQ: the four workers as separate hosts (PipelineCluster), the
/// simulated LLM as every model and as the proxy's upstream, one run store shared the way MongoDB would be.
/// </summary>
public sealed class ControlPlaneCluster : IAsyncDisposable
{
    private ControlPlaneCluster(PipelineCluster pipeline, ApiFactory api)
    {
        Pipeline = pipeline;
        Api = api;
    }

    public PipelineCluster Pipeline { get; }

    public ApiFactory Api { get; }

    /// <param name="flatQuality">The simulated task model answers every instruction at its base rate (no prompt is better).</param>
    public static async Task<ControlPlaneCluster> StartAsync(bool flatQuality = false)
    {
        var pipeline = await PipelineCluster.StartAsync(scorers: 1, simulator: options => options.FlatQuality = flatQuality);
        var api = new ApiFactory(
            new Dictionary<string, string?>
            {
                ["Messaging:Transport"] = "RabbitMq",
                ["Messaging:RabbitMqUri"] = RabbitMqBroker.Uri.ToString(),
                ["Messaging:EndpointPrefix"] = pipeline.EndpointPrefix,
                ["ControlPlane:ProxyBaseUrl"] = pipeline.Simulator.BaseUrl.ToString(),
                ["ControlPlane:ProxyModel"] = "sim-task",
                ["ControlPlane:ProxyApiKey"] = "sim-key",
            },
            services =>
            {
                services.RemoveAll<IRunStore>();
                services.AddSingleton<IRunStore>(pipeline.Store);
            });
        _ = api.Server; // start the host (and its bus endpoints) now
        return new ControlPlaneCluster(pipeline, api);
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Pipeline.DisposeAsync();
    }
}
