using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// An OpenAI-compatible endpoint in the test process (the simulator: a test instrument) and the `gpo optimize` command
/// line that points a child process at it as a user points gpo at vLLM or OpenAI.
/// </summary>
public sealed class RealEndpoint : IAsyncDisposable
{
    private RealEndpoint(SimulatedLlmServer server) => Server = server;

    public SimulatedLlmServer Server { get; }

    public string BaseUrl => Server.BaseUrl.ToString();

    /// <summary>The key the child process has; the simulator does not check it.</summary>
    public static IReadOnlyDictionary<string, string?> Environment { get; } = new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "sk-spec-0123456789" };

    public int ChatRequests => Server.Requests.Snapshot().Count(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal));

    public static async Task<RealEndpoint> StartAsync() => new(await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1 }));

    public string[] Optimize(string store, params string[] extra) =>
    [
        "optimize", "--data", Repo.Data("bbh/navigate"), "--steps", "1", "--candidates", "2", "--max-dev", "4", "--max-test", "4",
        "--task-model", "sim-task", "--optimizer-model", "sim-optimizer", "--base-url", BaseUrl, "--store", store, .. extra,
    ];

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
