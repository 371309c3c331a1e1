using System.Globalization;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>P2 (scorer scale-out, latency-bound) and P3 (bus overhead at zero latency, RabbitMQ vs in-memory).</summary>
public static class ThroughputScenarios
{
    public static async Task<ScenarioResult> ScaleOutAsync(ScenarioScale scale)
    {
        var perScorers = new Dictionary<int, double>();
        foreach (var scorers in new[] { 1, 2, 4 })
        {
            // Latency-bound: each scorer takes 2 batches of 4 examples at a time. The measurement uses separate OS
            // processes; the quick smoke run keeps hosts in one process (MultiProcess_Specs covers processes).
            var settings = ClusterRuns.Settings(1, scale.Candidates * 2, scale.ThroughputDev, batch: 4);
            if (scale.Quick)
            {
                await using var cluster = await ClusterRuns.StartAsync(scorers, scale.LatencyMs, concurrentMessages: 2);
                perScorers[scorers] = ClusterRuns.ScoringThroughput(await ClusterRuns.RunAsync(cluster, settings));
                continue;
            }

            // Steady state, as a continuously running pipeline sees it: a warm-up run on another task first (JIT and
            // connections in every process; the memo stays cold for the measured run).
            var warmUp = settings with { Steps = 2, DataPath = RepoPaths.Task("bbh", "object_counting") };
            perScorers[scorers] = await ProcessRuns.ScoringThroughputAsync(scorers, scale.LatencyMs, concurrentMessages: 2, settings with { Steps = scale.ScaleOutSteps }, warmUp);
        }

        var ratio = perScorers[4] / perScorers[1];
        return new ScenarioResult("P2", "scorer scale-out", string.Create(CultureInfo.InvariantCulture,
            $"{perScorers[1]:0.0} / {perScorers[2]:0.0} / {perScorers[4]:0.0} examples/s with 1 / 2 / 4 scorers"),
            ratio, "4 scorers ≥ 3.6× one", ratio >= 3.6,
            $"{scale.LatencyMs} ms latency, 2 batches × 4 examples per scorer, {scale.ScaleOutSteps} steps × {scale.Candidates * 2} candidates × {scale.ThroughputDev} dev after a warm-up run; every scorer, the scheduler (owner of the store), retrieval, generation and the simulator are separate OS processes",
            Goal: 3.6);
    }

    public static async Task<ScenarioResult> BusOverheadAsync(ScenarioScale scale)
    {
        // Steady state: each pipeline first runs one unmeasured step (JIT, connections, the broker's queues), then the
        // measured run. Without it a 2-step run at zero latency measured mostly the first calls' compilation.
        var settings = ClusterRuns.Settings(scale.BusSteps, 8, scale.ThroughputDev, batch: 8) with { TwoRoundExtraction = false };
        // Another task: the warm-up's answers must not be in the memo the measured run reads.
        var warmUp = settings with { Steps = 3, DataPath = RepoPaths.Task("bbh", "object_counting") };
        // The bus alone, same broker, payloads and window: the ceiling the pipeline's own cost comes on top of.
        var ceiling = await BusCeiling.RoundTripsPerSecondAsync(RabbitMqBroker.Uri, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(scale.Quick ? 2 : 10)) * BusCeiling.ExamplesPerBatch;
        double overRabbit;
        await using (var cluster = await ClusterRuns.StartAsync(scorers: 2, latencyMs: 0, concurrentMessages: 8))
        {
            await ClusterRuns.RunAsync(cluster, warmUp);
            overRabbit = ClusterRuns.ScoringThroughput(await ClusterRuns.RunAsync(cluster, settings));
        }

        double zeroCost;
        await using (var cluster = await ClusterRuns.StartAsync(scorers: 2, latencyMs: 0, concurrentMessages: 8, workers: services =>
            services.Replace(ServiceDescriptor.Singleton<ITaskModel, ZeroCostTaskModel>())))
        {
            await ClusterRuns.RunAsync(cluster, warmUp);
            zeroCost = ClusterRuns.ScoringThroughput(await ClusterRuns.RunAsync(cluster, settings));
        }

        var inMemory = await EmbeddedThroughputAsync(warmUp, settings);
        var ratio = overRabbit / inMemory;
        // Two targets: the figure (and the chart's bar) is the one further from its target.
        const double HttpTarget = 2000, ZeroCostTarget = 10_000;
        var (figure, goal, target) = zeroCost / ZeroCostTarget < overRabbit / HttpTarget
            ? (zeroCost, ZeroCostTarget, "≥ 10,000/s zero-cost, ≥ 2,000/s over RabbitMQ (HTTP simulator)")
            : (overRabbit, HttpTarget, "≥ 2,000/s over RabbitMQ (HTTP simulator), ≥ 10,000/s zero-cost");
        return new ScenarioResult("P3", "bus overhead", string.Create(CultureInfo.InvariantCulture,
            $"{overRabbit:0} examples/s over RabbitMQ with the HTTP simulator, {zeroCost:0} with an in-process zero-cost model, {inMemory:0} in memory; the bus alone {ceiling:0}"),
            figure, target,
            overRabbit >= HttpTarget && zeroCost >= ZeroCostTarget, string.Create(CultureInfo.InvariantCulture,
            $"zero latency, one round per example, {settings.Steps} steps × 8 candidates × {settings.MaxDevExamples} dev after a 3-step warm-up run, batches of 8; ratio to in-memory {ratio:0.00}; the bus alone = MassTransit request/reply round trips of the same payloads and window with no store or model ({BusCeiling.Window} in flight); simulator, broker and workers share 2 cores"),
            Goal: goal);
    }

    private static async Task<double> EmbeddedThroughputAsync(RunSettings warmUp, RunSettings settings)
    {
        var folder = Path.Combine(Path.GetTempPath(), "gpo-bench-" + Guid.NewGuid().ToString("N"));
        await using var simulator = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 7, DataRoot = RepoPaths.Data });
        var config = SimulatedModels.Settings(simulator.BaseUrl);
        config["Store:ConnectionString"] = Path.Combine(folder, "runs.db");
        config["Messaging:Transport"] = "InMemory";
        config["Scoring:ConcurrentMessageLimit"] = "16";
        config["Llm:Task:MaxConcurrency"] = "64";
        try
        {
            await using var pipeline = await EmbeddedPipeline.StartAsync(config, withWorkers: true, CancellationToken.None);
            await RunEmbeddedAsync(pipeline, warmUp);
            return ClusterRuns.ScoringThroughput(await RunEmbeddedAsync(pipeline, settings));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<RunRecord> RunEmbeddedAsync(EmbeddedPipeline pipeline, RunSettings settings)
    {
        var start = new StartRun { RunId = Guid.NewGuid(), Settings = settings };
        await pipeline.PublishAsync(start, CancellationToken.None);
        RunRecord? run;
        do
        {
            await Task.Delay(100);
            run = await pipeline.Store.GetRunAsync(start.RunId);
        }
        while (run is null || run.Status == RunStatus.Running);

        return run.Status == RunStatus.Completed ? run : throw new InvalidOperationException($"benchmark run ended {run.Status}: {run.FailureReason}");
    }
}
