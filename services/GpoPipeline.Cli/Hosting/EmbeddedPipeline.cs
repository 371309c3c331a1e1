using GpoPipeline.DecayScheduler;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Llm;
using GpoPipeline.PromptGeneration;
using GpoPipeline.Scoring;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// The four workers in this process (DESIGN §1): the same registrations as their own Program.cs, on
/// MassTransit's in-memory transport (or RabbitMQ for `--distributed`), with the run store of `--store`.
/// There is exactly one implementation of each step.
/// </summary>
public sealed class EmbeddedPipeline : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedPipeline(IHost host)
    {
        _host = host;
        Store = host.Services.GetRequiredService<IRunStore>();
    }

    public IRunStore Store { get; }

    /// <param name="settings">Configuration keys (Store:…, Llm:…, Messaging:…) layered over environment variables.</param>
    /// <param name="withWorkers">False only follows runs (the distributed stack does the work).</param>
    public static async Task<EmbeddedPipeline> StartAsync(IDictionary<string, string?> settings, bool withWorkers, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        // DisableDefaults also drops the Logging section; operators raise levels with Logging__LogLevel__Default=Debug.
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        var store = builder.Configuration["Store:ConnectionString"] ?? CliPaths.DefaultStore;
        if (!store.StartsWith("mongodb", StringComparison.OrdinalIgnoreCase))
        {
            // Warnings go next to the store: the terminal belongs to the live view.
            builder.Logging.AddProvider(new FileLoggerProvider(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store))!, "gpo.log")));
        }

        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.AddServiceDefaults("gpo");
        builder.Services.AddRunStore(builder.Configuration);
        if (withWorkers)
        {
            builder.AddModelAccess();
            builder.Services.AddDecayScheduler();
            builder.AddDirectionRetrieval();
            builder.AddPromptGeneration();
            builder.AddScoring();
        }

        builder.AddPipelineBus(bus =>
        {
            if (withWorkers)
            {
                bus.AddDecaySchedulerConsumers();
                bus.AddDirectionRetrievalConsumers();
                bus.AddPromptGenerationConsumers();
                bus.AddScoringConsumers();
            }
        });

        var host = builder.Build();
        // Started whole, whatever the token says: a SIGTERM in the middle of the start cancelled the bus's start while the
        // host went on, and the run published next reached no consumer; gpo waited forever (the CLI audit). A stop asked
        // for meanwhile is honoured once the start is complete: nothing was published, nothing spent.
        await host.StartAsync(CancellationToken.None);
        var pipeline = new EmbeddedPipeline(host);
        if (cancellationToken.IsCancellationRequested)
        {
            await pipeline.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return pipeline;
    }

    /// <summary>Publishes a command by its runtime type (StartRun, ResumeRun, CancelRun).</summary>
    public Task PublishAsync(object message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var span = RunCommands.RunIdOf(message) is { } runId ? SubmissionSpans.Start(runId, message.GetType().Name) : null;
        return _host.Services.GetRequiredService<IPublishEndpoint>().Publish(message, message.GetType(), cancellationToken);
    }

    /// <summary>Stops after the consumers in flight finish their current message (their paid calls land in the cache).</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }
}
