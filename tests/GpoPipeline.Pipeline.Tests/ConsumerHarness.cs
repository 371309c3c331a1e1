using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Llm;
using GpoPipeline.PromptGeneration;
using GpoPipeline.Scoring;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

using GpoPipeline.Testing;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>One worker's consumers on MassTransit's in-memory test harness, with a real store and the simulator.</summary>
public sealed class ConsumerHarness : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"gpo-harness-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _provider;

    private ConsumerHarness(
        SimulatedLlmServer simulator,
        Action<IBusRegistrationConfigurator> consumers,
        IReadOnlyDictionary<string, string?>? settings,
        Func<IRunStore, IRunStore>? wrapStore,
        Action<IServiceCollection>? services)
    {
        Simulator = simulator;
        Store = new LiteDbRunStore(_file);
        var url = simulator.BaseUrl.ToString();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Task:BaseUrl"] = url, ["Llm:Task:Model"] = "sim-task", ["Llm:Task:ApiKey"] = "k",
            ["Llm:Optimizer:BaseUrl"] = url, ["Llm:Optimizer:Model"] = "sim-optimizer", ["Llm:Optimizer:ApiKey"] = "k",
            ["Scheduler:ExamplesPerScoreBatch"] = PipelineCluster.SmallRunExamplesPerMessage,
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build(); // a spec's own settings win
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSingleton<IRunStore>(wrapStore?.Invoke(Store) ?? Store);
        builder.Services.AddRunStore(builder.Configuration);
        builder.AddModelAccess();
        builder.Services.AddDecayScheduler();
        builder.AddDirectionRetrieval();
        builder.AddPromptGeneration();
        builder.AddScoring();
        builder.Services.AddMassTransitTestHarness(consumers);
        services?.Invoke(builder.Services);
        // MassTransit's defaults (30 s test timeout, 1.2 s without bus activity) end an Any<T>() wait while a consumer
        // is still inside a model call on a loaded machine: the answer then arrives after the spec has failed.
        builder.Services.Configure<TestHarnessOptions>(options =>
        {
            options.TestTimeout = TimeSpan.FromMinutes(2);
            options.TestInactivityTimeout = TimeSpan.FromSeconds(5);
        });
        _provider = builder.Services.BuildServiceProvider(true);
        Harness = _provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _provider;

    public LiteDbRunStore Store { get; }

    public SimulatedLlmServer Simulator { get; }

    /// <param name="settings">Configuration beside the model endpoints (e.g. <c>Scheduler:MaxBatchesInFlightPerRun</c>).</param>
    /// <param name="wrapStore">What the workers see of <see cref="Store"/> (e.g. a store whose writes wait).</param>
    /// <param name="services">Changes to the services once registered (e.g. a fake clock, a logger provider that records).</param>
    public static async Task<ConsumerHarness> StartAsync(
        Action<IBusRegistrationConfigurator> consumers,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<IRunStore, IRunStore>? wrapStore = null,
        Action<IServiceCollection>? services = null)
    {
        var simulator = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 5, DataRoot = RepoPaths.Data });
        var harness = new ConsumerHarness(simulator, consumers, settings, wrapStore, services);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>A run as its StartRun creates it: at its baseline (step 0), scoring, no batch recorded.</summary>
    public async Task<RunRecord> CreateRunAtBaselineAsync(Contracts.RunSettings settings)
    {
        var run = await NewRunAsync(settings);
        Assert.True(await Store.TryCreateRunAsync(run));
        return run;
    }

    /// <summary>A run as the scheduler creates it, with its initial prompt already scored 50 % (step 1 open, generating).</summary>
    public async Task<RunRecord> CreateRunAtStepOneAsync(Contracts.RunSettings settings)
    {
        var run = await NewRunAsync(settings);
        var scores = StepSplits.Batches(run, run.Steps[0]).Select(b => new BatchScoreRecord
        {
            RunId = run.Id, Step = 0, CandidateIndex = b.CandidateIndex, BatchIndex = b.BatchIndex, Split = b.Split, Score = b.Size / 2.0, Total = b.Size,
        }).ToList();
        Assert.True(RunLifecycle.Advance(run, scores, DateTime.UtcNow, Guid.NewGuid()).Changed);
        Assert.True(await Store.TryCreateRunAsync(run));
        return run;
    }

    private async Task<RunRecord> NewRunAsync(Contracts.RunSettings settings)
    {
        var start = RunSubmission.Create(settings);
        var plan = _provider.GetRequiredService<RunPlanner>().Plan(start);
        var splits = await _provider.GetRequiredService<RunDatasets>().StoreAsync(plan.Dataset, CancellationToken.None);
        return RunLifecycle.Create(start.RunId, settings, plan, splits, DateTime.UtcNow, null, Guid.NewGuid()).Run;
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
        Store.Dispose();
        await Simulator.DisposeAsync();
        File.Delete(_file);
        File.Delete(StoreFileLock.PathFor(_file)); // the store leaves its lock sidecar by design
    }
}
