using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.SimulatedLlm;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Testing;

/// <summary>
/// The distributed stack as separate OS processes over the real RabbitMQ (issue 11's proof): the simulated LLM, the
/// scheduler (the only process with a store: an embedded file it owns), DirectionRetrieval, PromptGeneration and N
/// Scoring processes, all started as <c>dotnet &lt;Service&gt;.dll</c> in a working directory outside the repository.
/// The test itself only submits runs and listens to their events on the bus, like <c>gpo optimize --distributed</c>.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly string _prefix;
    private readonly Dictionary<string, string> _workerEnvironment;
    private readonly List<OsProcess> _processes = [];
    private readonly IHost _observer;
    private readonly HttpClient _http = new();

    private ProcessCluster(string prefix, string directory, Uri simulator, IHost observer, RunOutcomes outcomes, RunTraffic? traffic)
    {
        Traffic = traffic;
        _prefix = prefix;
        Directory = directory;
        WorkingDirectory = System.IO.Directory.CreateDirectory(Path.Combine(directory, "cwd")).FullName;
        StoreFile = Path.Combine(directory, "scheduler", "runs.db");
        SimulatorUrl = simulator;
        _observer = observer;
        Outcomes = outcomes;
        var url = new Uri(simulator, "/v1/").ToString();
        _workerEnvironment = new()
        {
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__RabbitMqUri"] = RabbitMqBroker.Uri.ToString(),
            ["Messaging__EndpointPrefix"] = _prefix,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Llm__Task__BaseUrl"] = url,
            ["Llm__Task__Model"] = "sim-task",
            ["Llm__Task__ApiKey"] = "sim-key",
            ["Llm__Optimizer__BaseUrl"] = url,
            ["Llm__Optimizer__Model"] = "sim-optimizer",
            ["Llm__Optimizer__ApiKey"] = "sim-key",
            ["Llm__Embedding__BaseUrl"] = url,
            ["Llm__Embedding__Model"] = "sim-embedding",
            ["Llm__Embedding__ApiKey"] = "sim-key",
        };
    }

    /// <summary>The cluster's temp folder: logs, the scheduler's store, the workers' working directory.</summary>
    public string Directory { get; }

    /// <summary>Where every service runs: outside the repository, with no data folder.</summary>
    public string WorkingDirectory { get; }

    public string StoreFile { get; }

    /// <summary>The queue/exchange prefix of this cluster: a client joins it with Messaging__EndpointPrefix.</summary>
    public string EndpointPrefix => _prefix;

    public Uri SimulatorUrl { get; }

    public RunOutcomes Outcomes { get; }

    /// <summary>The work messages on the bus; null unless the cluster was started with observeTraffic.</summary>
    public RunTraffic? Traffic { get; }

    public OsProcess Scheduler => _processes.Single(p => p.Name == "scheduler");

    public OsProcess Process(string name) => _processes.Last(p => p.Name == name && !p.HasExited);

    /// <summary>Every process started, killed ones included.</summary>
    public IReadOnlyList<OsProcess> Processes => [.. _processes];

    /// <summary>The broker queue of an endpoint of this cluster, e.g. "score-batch" or "batch-scored_error".</summary>
    public string QueueName(string endpoint) => WorkQueues.QueueName(_prefix, endpoint);

    /// <summary>The exchange a message type is published to (MassTransit's entity name with the cluster's prefix).</summary>
    public string ExchangeName<T>() => $"{_prefix}.{typeof(T).Namespace}:{typeof(T).Name}";

    /// <param name="simulatorSettings">Extra Simulator__* settings, e.g. latency.</param>
    /// <param name="observeTraffic">Also copy every work message into <see cref="Traffic"/> (a queue of the test's own).</param>
    /// <param name="prefix">The deployment's Messaging:EndpointPrefix (a fresh one unless given: a client already waiting on it).</param>
    public static async Task<ProcessCluster> StartAsync(
        int scorers, IDictionary<string, string>? simulatorSettings = null, IDictionary<string, string>? workerSettings = null, bool observeTraffic = false,
        string? prefix = null)
    {
        RabbitMqBroker.EnsureReachable();
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "gpo-processes-" + Guid.NewGuid().ToString("N")[..10])).FullName;
        var port = LoopbackPorts.Free();
        var outcomes = new RunOutcomes();
        prefix ??= "p" + Guid.NewGuid().ToString("N")[..8];
        var traffic = observeTraffic ? new RunTraffic() : null;
        var observer = await StartObserverAsync(prefix, outcomes, traffic);
        var cluster = new ProcessCluster(prefix, directory, new Uri($"http://127.0.0.1:{port}/"), observer, outcomes, traffic);
        foreach (var (key, value) in workerSettings ?? new Dictionary<string, string>())
        {
            cluster._workerEnvironment[key] = value;
        }

        var simulator = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = cluster.SimulatorUrl.ToString(),
            ["Simulator__Seed"] = "7",
            ["Simulator__DataRoot"] = RepoPaths.Data,
        };
        foreach (var (key, value) in simulatorSettings ?? new Dictionary<string, string>())
        {
            simulator[key] = value;
        }

        cluster.Launch("simulator", "GpoPipeline.SimulatedLlm", simulator);
        cluster.Launch("scheduler", "GpoPipeline.DecayScheduler", new Dictionary<string, string>(cluster._workerEnvironment)
        {
            ["Store__ConnectionString"] = cluster.StoreFile,
        });
        cluster.Launch("direction-retrieval", "GpoPipeline.DirectionRetrieval", cluster._workerEnvironment);
        cluster.Launch("prompt-generation", "GpoPipeline.PromptGeneration", cluster._workerEnvironment);
        for (var i = 0; i < scorers; i++)
        {
            cluster.StartScorer();
        }

        await cluster.WaitUntilReadyAsync();
        return cluster;
    }

    /// <param name="settings">Settings of this scorer only, over the cluster's (e.g. another model endpoint).</param>
    public OsProcess StartScorer(IDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(_workerEnvironment);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Launch("scoring", "GpoPipeline.Scoring", environment);
    }

    /// <summary>Starts a stopped worker again (a fresh process of the same service).</summary>
    public OsProcess Restart(OsProcess killed)
    {
        ArgumentNullException.ThrowIfNull(killed);
        var assembly = killed.Name switch
        {
            "scoring" => "GpoPipeline.Scoring",
            "prompt-generation" => "GpoPipeline.PromptGeneration",
            "direction-retrieval" => "GpoPipeline.DirectionRetrieval",
            _ => throw new ArgumentException($"{killed.Name} is not a restartable worker.", nameof(killed)),
        };
        return Launch(killed.Name, assembly, _workerEnvironment);
    }

    /// <summary>
    /// A live process of the service, one whose bus has started (its log says so) when there is one: a kill then hits a
    /// worker that may hold work; otherwise the newest, which may still be starting after a restart.
    /// </summary>
    public OsProcess LiveProcess(string name)
    {
        var live = _processes.Where(p => p.Name == name && !p.HasExited).ToList();
        return live.LastOrDefault(p => BusStarted(p.Log)) ?? live.LastOrDefault()
            ?? throw new InvalidOperationException($"No {name} process is running.{Diagnostics()}");
    }

    public Task PublishAsync<T>(T message)
        where T : class => _observer.Services.GetRequiredService<IPublishEndpoint>().Publish(message);

    /// <summary>The simulator's request log (its own process), e.g. to count paid calls.</summary>
    public async Task<IReadOnlyList<SimulatedRequest>> SimulatorRequestsAsync() =>
        await _http.GetFromJsonAsync<List<SimulatedRequest>>(new Uri(SimulatorUrl, "/sim/requests"), SimulatedLlm.Wire.SimJson.Log) ?? [];

    /// <summary>Waits (polling the simulator's log) until <paramref name="condition"/> holds; a monotonic condition, never a transient state.</summary>
    public async Task WaitForRequestsAsync(Func<IReadOnlyList<SimulatedRequest>, bool> condition, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (condition(await SimulatorRequestsAsync()))
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"The simulator's requests did not reach the condition within {seconds} s.{Diagnostics()}");
    }

    public async Task<RunCompleted> WaitForRunAsync(Guid runId, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (Outcomes.Failed.TryGetValue(runId, out var failed))
            {
                throw new InvalidOperationException($"Run {runId} failed: {failed.Reason}{Diagnostics()}");
            }

            if (Outcomes.Completed.TryGetValue(runId, out var completed))
            {
                return completed;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Run {runId} did not finish within {seconds} s.{Diagnostics()}");
    }

    /// <summary>Stops the scheduler gracefully so its store file is closed and can be read by the test.</summary>
    public void StopScheduler() => Scheduler.Stop(TimeSpan.FromSeconds(20));

    public string Diagnostics() =>
        string.Concat(_processes.Select(p => $"{Environment.NewLine}--- {p.Name} (pid {p.Id}{(p.HasExited ? ", exited" : "")}):{Environment.NewLine}{p.LogTail()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            process.Stop(TimeSpan.FromSeconds(5));
            process.Dispose();
        }

        await _observer.StopAsync();
        _observer.Dispose();
        _http.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private OsProcess Launch(string name, string assembly, IDictionary<string, string> environment)
    {
        var process = OsProcess.Start(name, assembly, WorkingDirectory, environment, Directory);
        _processes.Add(process);
        return process;
    }

    /// <summary>Every service answers /health/ready? Workers bind port 0, so readiness is read from the simulator and the bus.</summary>
    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } dead)
            {
                throw new InvalidOperationException($"{dead.Name} exited at start.{Diagnostics()}");
            }

            if (await SimulatorAnswersAsync() && _processes.Where(p => p.Name != "simulator").All(p => BusStarted(p.Log)))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The processes did not all start within 90 s.{Diagnostics()}");
    }

    private static bool BusStarted(string log)
    {
        try
        {
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().Contains("Application started", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<bool> SimulatorAnswersAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(SimulatorUrl, "/v1/models"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<IHost> StartObserverAsync(string prefix, RunOutcomes outcomes, RunTraffic? traffic)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqUri"] = RabbitMqBroker.Uri.ToString(),
            ["Messaging:EndpointPrefix"] = prefix,
        });
        builder.Services.AddSingleton(outcomes);
        if (traffic is not null)
        {
            builder.Services.AddSingleton(traffic);
        }

        builder.AddPipelineBus(bus =>
        {
            bus.AddConsumer<RunOutcomeObserver>();
            if (traffic is not null)
            {
                bus.AddConsumer<RunTrafficObserver>();
            }
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

}
