using GpoPipeline.DecayScheduler;
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

    private ConsumerHarness(SimulatedLlmServer simulator, Action<IBusRegistrationConfigurator> consumers)
    {
        Simulator = simulator;
        Store = new LiteDbRunStore(_file);
        var url = simulator.BaseUrl.ToString();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Task:BaseUrl"] = url, ["Llm:Task:Model"] = "sim-task", ["Llm:Task:ApiKey"] = "k",
            ["Llm:Optimizer:BaseUrl"] = url, ["Llm:Optimizer:Model"] = "sim-optimizer", ["Llm:Optimizer:ApiKey"] = "k",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSingleton<IRunStore>(Store);
        builder.Services.AddRunStore(builder.Configuration);
        builder.AddModelAccess();
        builder.Services.AddDecayScheduler();
        builder.Services.AddDirectionRetrieval();
        builder.AddPromptGeneration();
        builder.AddScoring();
        builder.Services.AddMassTransitTestHarness(consumers);
        _provider = builder.Services.BuildServiceProvider(true);
        Harness = _provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _provider;

    public LiteDbRunStore Store { get; }

    public SimulatedLlmServer Simulator { get; }

    public static async Task<ConsumerHarness> StartAsync(Action<IBusRegistrationConfigurator> consumers)
    {
        var harness = new ConsumerHarness(await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 5, DataRoot = RepoPaths.Data }), consumers);
        await harness.Harness.Start();
        return harness;
    }

    /// <summary>A run as the scheduler creates it, with its initial prompt already scored (step 1 open).</summary>
    public async Task<RunRecord> CreateRunAtStepOneAsync(Contracts.RunSettings settings)
    {
        var plan = _provider.GetRequiredService<RunPlanner>().Plan(settings);
        var run = plan.CreateRun(Guid.NewGuid(), settings, DateTime.UtcNow, null);
        RunProgression.CloseStep(run, run.Steps[0], new Dictionary<int, double> { [0] = 0.5 }, DateTime.UtcNow);
        Assert.True(await Store.TryCreateRunAsync(run));
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
        Store.Dispose();
        await Simulator.DisposeAsync();
        File.Delete(_file);
    }
}
