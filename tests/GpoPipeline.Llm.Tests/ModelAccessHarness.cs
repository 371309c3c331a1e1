using GpoPipeline.SimulatedLlm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Llm.Tests;

/// <summary>The real model-access stack (OpenAI SDK over HTTP) pointed at an in-process simulator.</summary>
public sealed class ModelAccessHarness : IAsyncDisposable
{
    public const string ApiKey = "sk-test-6b1f0c2d9e8a7f65";

    private ModelAccessHarness(SimulatedLlmServer sim, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Sim = sim;
        Services = services;
        Logs = logs;
    }

    public SimulatedLlmServer Sim { get; }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public ITaskModel Task => Services.GetRequiredService<ITaskModel>();

    public IOptimizerModel Optimizer => Services.GetRequiredService<IOptimizerModel>();

    public IPromptEmbedder Embedder => Services.GetRequiredService<IPromptEmbedder>();

    public IUsageLedger Ledger => Services.GetRequiredService<IUsageLedger>();

    public IReadOnlyList<SimulatedRequest> Requests => Sim.Requests.Snapshot();

    /// <param name="settings">Overrides of the defaults below; a null value removes a setting.</param>
    public static async Task<ModelAccessHarness> StartAsync(
        Action<SimulatorOptions>? simulator = null, IReadOnlyDictionary<string, string?>? settings = null,
        string? simulatorApiKey = ApiKey,
        LogLevel minimumLogLevel = LogLevel.Trace)
    {
        var options = new SimulatorOptions { Seed = 1, ApiKey = simulatorApiKey };
        simulator?.Invoke(options);
        var sim = await SimulatedLlmServer.StartAsync(options);
        var config = new Dictionary<string, string?>
        {
            ["Llm:Task:BaseUrl"] = sim.BaseUrl.ToString(),
            ["Llm:Task:Model"] = SimModels.Task,
            ["Llm:Task:ApiKey"] = ApiKey,
            ["Llm:Task:InputPricePerMillion"] = "0.5",
            ["Llm:Task:OutputPricePerMillion"] = "1.5",
            ["Llm:Task:RetryBaseDelay"] = "00:00:00.010",
            ["Llm:Task:MaxRetries"] = "10",
            ["Llm:Task:Timeout"] = "00:00:20",
            ["Llm:Optimizer:BaseUrl"] = sim.BaseUrl.ToString(),
            ["Llm:Optimizer:Model"] = SimModels.Optimizer,
            ["Llm:Optimizer:ApiKey"] = ApiKey,
            ["Llm:Optimizer:InputPricePerMillion"] = "3",
            ["Llm:Optimizer:OutputPricePerMillion"] = "6",
            ["Llm:Optimizer:RetryBaseDelay"] = "00:00:00.010",
            // No Llm:Embedding:Model by default: the embedder is unavailable unless a test sets one.
            ["Llm:Embedding:BaseUrl"] = sim.BaseUrl.ToString(),
            ["Llm:Embedding:ApiKey"] = ApiKey,
            ["Llm:Embedding:InputPricePerMillion"] = "0.1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(minimumLogLevel).AddProvider(logs))
            .AddModelAccess(new ConfigurationBuilder().AddInMemoryCollection(config).Build())
            .BuildServiceProvider(validateScopes: true);
        return new ModelAccessHarness(sim, services, logs);
    }

    public static IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> Question(string text) =>
        [new(Microsoft.Extensions.AI.ChatRole.User, text)];

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sim.DisposeAsync();
    }
}
