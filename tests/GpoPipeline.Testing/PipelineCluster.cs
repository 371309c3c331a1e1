using System.Diagnostics;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Llm;
using GpoPipeline.PromptGeneration;
using GpoPipeline.Scoring;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace GpoPipeline.Testing;

/// <summary>
/// The four workers as separate hosts over the real RabbitMQ, each wired exactly as its Program.cs: only the
/// scheduler has the run store, the workers have the broker and the in-process simulated LLM. Queues carry a per-cluster prefix so clusters never share work.
/// </summary>
public sealed class PipelineCluster : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gpo-pipeline-" + Guid.NewGuid().ToString("N"));

    /// <summary>The cluster's own folder (its store lives there); removed when the cluster is disposed.</summary>
    public string ScratchFolder => _directory;
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IHost> _hosts = [];
    private readonly List<IHost> _submitters = [];
    private readonly ExportedSpanCollection _spans = new();
    private readonly Dictionary<string, string?> _overrides = [];
    private Action<IServiceCollection>? _workers;
    private Uri _broker = RabbitMqBroker.Uri;

    private PipelineCluster(SimulatedLlmServer simulator)
    {
        Simulator = simulator;
        Directory.CreateDirectory(_directory);
        Store = new LiteDbRunStore(Path.Combine(_directory, "runs.db"));
    }

    public SimulatedLlmServer Simulator { get; }

    public LiteDbRunStore Store { get; }

    public IHost Scheduler => _hosts[0];

    /// <summary>The queue prefix of this cluster (Messaging:EndpointPrefix), for other hosts that join it (the API).</summary>
    public string EndpointPrefix => _prefix;

    /// <param name="workers">Changes to the workers' services after their registration (e.g. a different model client).</param>
    /// <param name="broker">Another broker than the suite's (a spec's private node that it restarts).</param>
    public static async Task<PipelineCluster> StartAsync(
        int scorers = 2, Action<SimulatorOptions>? simulator = null, bool captureSpans = false, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? workers = null, Uri? broker = null)
    {
        if (broker is null)
        {
            RabbitMqBroker.EnsureReachable();
        }

        var options = new SimulatorOptions { Seed = 7, DataRoot = RepoPaths.Data };
        simulator?.Invoke(options);
        var cluster = new PipelineCluster(await SimulatedLlmServer.StartAsync(options)) { _workers = workers, _broker = broker ?? RabbitMqBroker.Uri };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            cluster._overrides[key] = value;
        }

        await cluster.StartSchedulerAsync(captureSpans);
        await cluster.StartWorkersAsync(scorers);
        return cluster;
    }

    /// <summary>A cluster with its simulator and no host yet: the spec starts the scheduler and the workers when it wants.</summary>
    public static async Task<PipelineCluster> CreateAsync()
    {
        RabbitMqBroker.EnsureReachable();
        return new PipelineCluster(await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 7, DataRoot = RepoPaths.Data }));
    }

    public Task<IHost> StartSchedulerAsync(bool captureSpans = false) =>
        StartWorkerAsync("decay-scheduler", b => b.Services.AddDecayScheduler(), bus => bus.AddDecaySchedulerConsumers(), captureSpans, withStore: true);

    /// <summary>DirectionRetrieval, PromptGeneration and <paramref name="scorers"/> Scoring hosts (after the scheduler).</summary>
    public async Task StartWorkersAsync(int scorers)
    {
        await StartWorkerAsync("direction-retrieval", b => b.AddDirectionRetrieval(), bus => bus.AddDirectionRetrievalConsumers());
        await StartWorkerAsync("prompt-generation", b => b.AddPromptGeneration(), bus => bus.AddPromptGenerationConsumers());
        for (var i = 0; i < scorers; i++)
        {
            await StartScorerAsync();
        }
    }

    /// <summary>A host with the bus and no consumer, as the CLI or the API submits through: it only publishes.</summary>
    public async Task<IHost> StartSubmitterAsync()
    {
        var host = await StartHostAsync("submitter", _ => { }, _ => { });
        _submitters.Add(host);
        return host;
    }

    public Task<IHost> StartScorerAsync() => StartWorkerAsync("scoring", b => b.AddScoring(), bus => bus.AddScoringConsumers());

    public async Task StopAsync(IHost host)
    {
        _hosts.Remove(host);
        await StopWithinAsync(host);
    }

    /// <summary>
    /// Stops and disposes a host, waiting at most <see cref="StopPatience"/>. MassTransit's bus stop waits for every
    /// consumer still at work, without a bound: in CI a cluster's stop after a broker <c>kill -9</c> waited on one such
    /// consumer until the test run's 10-minute hang guard killed the whole test host (every spec's result after it lost).
    /// A host that has not stopped by then is left to the process's exit; the spec's own assertions have run.
    /// </summary>
    private static async Task StopWithinAsync(IHost host)
    {
        var stopping = Task.Run(async () =>
        {
            await host.StopAsync();
            host.Dispose();
        });
        if (await Task.WhenAny(stopping, Task.Delay(StopPatience)) != stopping)
        {
            await Console.Error.WriteLineAsync($"PipelineCluster: a host did not stop within {StopPatience.TotalSeconds:0} s; left to the process's exit.");
        }
        else
        {
            await stopping; // its exceptions, if any
        }
    }

    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(60);

    /// <summary>The broker queue of an endpoint of this cluster, e.g. "score-batch_error".</summary>
    public string QueueName(string endpoint) => WorkQueues.QueueName(_prefix, endpoint);

    public IReadOnlyList<IHost> Scorers => [.. _hosts.Skip(3)];

    public IReadOnlyList<Activity> Spans() => _spans.Snapshot();

    /// <summary>Submits a run as the CLI does: the dataset is read here and travels with the StartRun.</summary>
    public async Task<Guid> StartRunAsync(RunSettings settings)
    {
        var start = RunSubmission.Create(settings);
        await Scheduler.Services.GetRequiredService<IPublishEndpoint>().Publish(start);
        return start.RunId;
    }

    public Task PublishAsync<T>(T message)
        where T : class =>
        Scheduler.Services.GetRequiredService<IPublishEndpoint>().Publish(message);

    /// <summary>Waits until the run reaches a final status (or the predicate holds).</summary>
    public async Task<RunRecord> WaitAsync(Guid runId, Func<RunRecord, bool>? until = null, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        RunRecord? run = null;
        while (DateTime.UtcNow < deadline)
        {
            run = await Store.GetRunAsync(runId);
            if (run is not null && (until?.Invoke(run) ?? run.Status is not (RunStatus.Running or RunStatus.Pending)))
            {
                return run;
            }

            await Task.Delay(100);
        }

        var scores = run is null ? [] : await Store.GetBatchScoresAsync(runId, run.CurrentStep);
        var requests = Simulator.Requests.Snapshot();
        throw new TimeoutException(
            $"Run {runId} did not get there within {seconds} s; last status {run?.Status}, step {run?.CurrentStep} " +
            $"({run?.Steps.LastOrDefault()?.Status}), {scores.Count} batch scores of the step, {requests.Count} simulator requests " +
            $"({string.Join(", ", requests.GroupBy(r => $"{r.Model}:{r.StatusCode}").Select(g => $"{g.Key}×{g.Count()}"))}), reason {run?.FailureReason}.");
    }

    public static RunSettings SmallRun(string task = "navigate", int seed = 3) => new()
    {
        DataPath = RepoPaths.Task("bbh", task),
        Steps = 2,
        Candidates = 3,
        BatchSize = 4,
        MaxDevExamples = 12,
        MaxTestExamples = 12,
        Seed = seed,
        TaskModel = "sim-task",
        OptimizerModel = "sim-optimizer",
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts).Concat(_submitters))
        {
            await StopWithinAsync(host);
        }

        Store.Dispose();
        await Simulator.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<IHost> StartWorkerAsync(
        string service, Action<IHostApplicationBuilder> addWorker, Action<IBusRegistrationConfigurator> consumers, bool captureSpans = false, bool withStore = false)
    {
        var host = await StartHostAsync(service, addWorker, consumers, captureSpans, withStore);
        _hosts.Add(host);
        return host;
    }

    private async Task<IHost> StartHostAsync(
        string service, Action<IHostApplicationBuilder> addWorker, Action<IBusRegistrationConfigurator> consumers, bool captureSpans = false, bool withStore = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("GPO_TEST_LOGS") is { Length: > 0 } logFile)
        {
            builder.Logging.AddProvider(new FileLoggerProvider(logFile)); // for diagnosing a failing spec
        }

        builder.Configuration.AddInMemoryCollection(Configuration());
        builder.Configuration.AddInMemoryCollection(_overrides);
        if (_hosts.Count + _submitters.Count > 0)
        {
            // One OpenTelemetry SDK per process, as every deployment has: an ActivityListener hears the whole process, so
            // the first host's (the scheduler's) already records every host's spans, and each further SDK sampled and
            // tagged every activity of the process again (five in P3's cluster: 263-297 µs of CPU per zero-cost example
            // over the 22 BBH tasks with five SDKs, 196-247 with one; tests/BENCHMARKS.md).
            builder.Configuration["OTEL_SDK_DISABLED"] = "true"; // the SDK's own switch (traces, metrics, logs), read from configuration
        }

        builder.AddServiceDefaults(service, captureSpans ? tracing => tracing.AddInMemoryExporter(_spans) : null);
        if (withStore)
        {
            // Only the scheduler owns state; the workers get the broker and the model endpoint only.
            builder.Services.AddSingleton<IRunStore>(Store);
            builder.Services.AddRunStore(builder.Configuration);
        }

        builder.AddModelAccess();
        addWorker(builder);
        _workers?.Invoke(builder.Services);
        builder.AddPipelineBus(consumers);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private Dictionary<string, string?> Configuration()
    {
        var url = Simulator.BaseUrl.ToString();
        return new()
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqUri"] = _broker.ToString(),
            ["Messaging:EndpointPrefix"] = _prefix,
            ["Llm:Task:BaseUrl"] = url,
            ["Llm:Task:Model"] = "sim-task",
            ["Llm:Task:ApiKey"] = "sim-key",
            ["Llm:Optimizer:BaseUrl"] = url,
            ["Llm:Optimizer:Model"] = "sim-optimizer",
            ["Llm:Optimizer:ApiKey"] = "sim-key",
            ["Llm:Embedding:BaseUrl"] = url,
            ["Llm:Embedding:Model"] = "sim-embedding",
            ["Llm:Embedding:ApiKey"] = "sim-key",
            ["Scheduler:ExamplesPerScoreBatch"] = SmallRunExamplesPerMessage,
        };
    }

    /// <summary>
    /// The specs' message size: SmallRun's batch size, so a small run's step is several ScoreBatch messages per
    /// candidate (what the specs of redelivery, late replies and refills need). The product sends 16
    /// (Scheduler:ExamplesPerScoreBatch); a cluster that should measure the product passes its own (the benchmarks do).
    /// </summary>
    public const string SmallRunExamplesPerMessage = "4";
}
