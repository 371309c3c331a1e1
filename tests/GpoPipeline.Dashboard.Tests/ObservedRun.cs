using GpoPipeline.Cli;
using GpoPipeline.Cli.Commands;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Dashboard.Tests;

/// <summary>
/// One small run of the embedded pipeline (the `gpo demo` host, simulated models) exporting over OTLP to the
/// pinned Aspire dashboard on free ports, as `gpo demo --dashboard` does; the specs read the dashboard's API.
/// The model key is a canary and the initial prompt is distinctive, so a leak of either can be searched for.
/// </summary>
public sealed class ObservedRun : IAsyncLifetime
{
    public const string CanaryKey = "sk-canary-3c9e1f5a7b2d4e6f0a1b";
    public const string InitialPrompt = "Canary instruction 5e2b: picture every move before you answer.";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gpo-dashboard-" + Guid.NewGuid().ToString("N"));

    public AspireDashboard Dashboard { get; private set; } = null!;

    public RunRecord Run { get; private set; } = null!;

    public IReadOnlyList<UsageRecord> Usage { get; private set; } = [];

    public IReadOnlyList<ExportedSpan> Spans { get; private set; } = [];

    public string SpansText { get; private set; } = "";

    public IReadOnlyList<ExportedLog> Logs { get; private set; } = [];

    public string LogsText { get; private set; } = "";

    /// <summary>Every prompt of the run (initial, candidates, trajectory) and every example of the task's dev and test splits.</summary>
    public IReadOnlyList<string> UserText { get; private set; } = [];

    public string RunId => Run.Id.ToString();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var dataRoot = CliPaths.FindDataRoot() ?? throw new InvalidOperationException("data/ not found above the test's folder");
        var store = Path.Combine(_directory, "runs.db");
        Dashboard = await AspireDashboard.StartAsync(CancellationToken.None);
        await using (var simulator = await SimulatedModels.StartAsync(dataRoot, CancellationToken.None))
        {
            // Exactly the demo's settings (in-memory transport, the store), plus a canary key and the dashboard.
            var settings = CommonOptions.StoreSettings(store);
            foreach (var (key, value) in SimulatedModels.Settings(simulator.BaseUrl))
            {
                settings[key] = value;
            }

            settings["Llm:Task:ApiKey"] = CanaryKey;
            settings["Llm:Optimizer:ApiKey"] = CanaryKey;
            settings["Llm:Embedding:ApiKey"] = CanaryKey;
            // Every level is exported, so the leak check below covers Trace (the level that used to carry prompts).
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = Dashboard.OtlpGrpcEndpoint.ToString();
            var start = RunSession.Start(SmallRun(Path.Combine(dataRoot, "bbh", "navigate")));
            await using (var pipeline = await EmbeddedPipeline.StartAsync(settings, withWorkers: true, CancellationToken.None))
            {
                await pipeline.PublishAsync(start, CancellationToken.None);
                await WaitForFinalStatusAsync(pipeline.Store, start.RunId);
            }

            // Disposing the pipeline flushed its telemetry; the store is read afresh, with every write committed.
            using var runs = new LiteDbRunStore(store);
            Run = (await runs.GetRunAsync(start.RunId))!;
            Usage = await runs.GetUsageAsync(start.RunId);
        }

        UserText = [.. Prompts(Run), .. Examples(Path.Combine(dataRoot, "bbh", "navigate"))];
        await ReadDashboardAsync();
    }

    public async Task DisposeAsync()
    {
        await Dashboard.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static RunSettings SmallRun(string taskFolder) => new()
    {
        DataPath = taskFolder,
        InitialPrompt = InitialPrompt,
        Steps = 2,
        Candidates = 3,
        BatchSize = 4,
        MaxDevExamples = 12,
        MaxTestExamples = 12,
        Seed = 5,
        TaskModel = SimulatedModels.TaskModel,
        OptimizerModel = SimulatedModels.OptimizerModel,
    };

    private static async Task WaitForFinalStatusAsync(IRunStore store, Guid runId)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await store.GetRunAsync(runId) is { Status: not (RunStatus.Running or RunStatus.Pending) })
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Run {runId} did not finish within {RunTimeout.TotalMinutes} min.");
    }

    /// <summary>Waits until the run's last span and log have arrived (the dashboard ingests asynchronously), then keeps what it holds.</summary>
    private async Task ReadDashboardAsync()
    {
        using var api = new DashboardApi(Dashboard.Url);
        var deadline = DateTime.UtcNow + IngestTimeout;
        while (true)
        {
            (Spans, SpansText) = await api.SpansAsync();
            (Logs, LogsText) = await api.LogsAsync();
            var arrived = Spans.Any(s => s.Name == "gpo.run.completed" && s["gpo.run.id"] == RunId)
                && Logs.Any(l => l.Category.EndsWith("RunTelemetry", StringComparison.Ordinal) && l.Body.Contains("completed:", StringComparison.Ordinal)
                    && l.Body.Contains($"Run {RunId}", StringComparison.Ordinal));
            if (arrived || DateTime.UtcNow > deadline)
            {
                return;
            }

            await Task.Delay(250);
        }
    }

    private static IEnumerable<string> Prompts(RunRecord run) =>
        run.Steps.SelectMany(s => s.Candidates).Select(c => c.Prompt)
            .Concat(run.Trajectory.Select(t => t.Prompt))
            .Append(run.Settings.InitialPrompt)
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Distinct();

    private static IEnumerable<string> Examples(string taskFolder) =>
        new[] { "dev.jsonl", "test.jsonl" }
            .SelectMany(file => File.ReadLines(Path.Combine(taskFolder, file)))
            .Where(line => line.Length > 0)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("input").GetString()!);
}
