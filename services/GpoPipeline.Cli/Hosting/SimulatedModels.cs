using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Cli.Hosting;

/// <summary>The simulated LLM in this process, for `gpo demo` and for resuming a demo run. A test instrument.</summary>
public static class SimulatedModels
{
    public const string TaskModel = "sim-task";
    public const string OptimizerModel = "sim-optimizer";
    public const string EmbeddingModel = "sim-embedding";

    public const string Notice = "Using SIMULATED models (GpoPipeline.SimulatedLlm): a test instrument, not model quality.";

    /// <summary>A `gpo demo` run: simulated models and no recorded endpoint (a run against `gpo sim` records its URL and resumes there).</summary>
    public static bool AreUsedBy(Contracts.RunSettings settings) =>
        string.Equals(settings?.TaskModel, TaskModel, StringComparison.Ordinal) && settings?.Models is null;

    // Tests only: an AsyncLocal, so a spec adjusts the simulator of the commands it runs and no other spec's.
    private static readonly AsyncLocal<Action<SimulatorOptions>?> AdjustForTests = new();

    public static async Task<SimulatedLlmServer> StartAsync(string dataRoot, CancellationToken cancellationToken)
    {
        // The demo's sim-embedding answers with the shipped all-MiniLM-L6-v2 (issue 15): relevance retrieval in the
        // demo is semantic, as in a real run, while the calls still go over HTTP and are counted like any embedding call.
        var options = new SimulatorOptions { Seed = 1, DataRoot = dataRoot, EmbeddingModel = "minilm" };
        AdjustForTests.Value?.Invoke(options);
        return await SimulatedLlmServer.StartAsync(options, cancellationToken);
    }

    /// <summary>Tests only: the simulators that commands started from the calling flow create get these adjustments.</summary>
    internal static void AdjustInThisFlow(Action<SimulatorOptions> adjust) => AdjustForTests.Value = adjust;

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
