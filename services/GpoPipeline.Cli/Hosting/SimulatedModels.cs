using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Cli.Hosting;

/// <summary>The simulated LLM in this process, for `gpo demo` and for resuming a demo run. A test instrument.</summary>
public static class SimulatedModels
{
    public const string TaskModel = "sim-task";
    public const string OptimizerModel = "sim-optimizer";
    public const string EmbeddingModel = "sim-embedding";

    public const string Notice = "Using SIMULATED models (GpoPipeline.SimulatedLlm): a test instrument, not model quality.";

    public static bool AreUsedBy(Contracts.RunSettings settings) =>
        string.Equals(settings?.TaskModel, TaskModel, StringComparison.Ordinal);

    public static async Task<SimulatedLlmServer> StartAsync(string dataRoot, CancellationToken cancellationToken) =>
        await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, DataRoot = dataRoot }, cancellationToken);

    /// <summary>The simulator gets a new port at every start; a fixed cache scope keeps its paid answers findable.</summary>
    public static Dictionary<string, string?> Settings(Uri baseUrl) => new()
    {
        ["Llm:Task:CacheScope"] = "simulated-llm",
        ["Llm:Optimizer:CacheScope"] = "simulated-llm",
        ["Llm:Embedding:CacheScope"] = "simulated-llm",
        ["Llm:Task:BaseUrl"] = baseUrl.ToString(),
        ["Llm:Task:Model"] = TaskModel,
        ["Llm:Task:ApiKey"] = "simulated",
        ["Llm:Optimizer:BaseUrl"] = baseUrl.ToString(),
        ["Llm:Optimizer:Model"] = OptimizerModel,
        ["Llm:Optimizer:ApiKey"] = "simulated",
        ["Llm:Embedding:BaseUrl"] = baseUrl.ToString(),
        ["Llm:Embedding:Model"] = EmbeddingModel,
        ["Llm:Embedding:ApiKey"] = "simulated",
    };
}
