using System.Globalization;
using GpoPipeline.DecayScheduler;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>Runs on the stack as separate OS processes (<see cref="ProcessCluster"/>) at a stated simulated latency.</summary>
public static class ProcessRuns
{
    /// <param name="warmUp">Run first and not measured: every process's first batches pay for JIT and connections.</param>
    public static async Task<double> ScoringThroughputAsync(int scorers, int latencyMs, int concurrentMessages, Contracts.RunSettings settings, Contracts.RunSettings? warmUp = null)
    {
        await using var cluster = await StartAsync(scorers, latencyMs, concurrentMessages, settings.BatchSize, []);
        if (warmUp is not null)
        {
            var first = RunSubmission.Create(warmUp);
            await cluster.PublishAsync(first);
            await cluster.WaitForRunAsync(first.RunId, seconds: 900);
        }

        var start = RunSubmission.Create(settings);
        await cluster.PublishAsync(start);
        await cluster.WaitForRunAsync(start.RunId, seconds: 900);
        cluster.StopScheduler();
        using var store = new LiteDbRunStore(cluster.StoreFile);
        var run = await store.GetRunAsync(start.RunId) ?? throw new InvalidOperationException("the run is not in the scheduler's store");
        return ClusterRuns.ScoringThroughput(run);
    }

    /// <summary>
    /// One run with <paramref name="scorers"/> scorer processes against the simulator's quota: the simulator's
    /// request log and the optimization steps' scoring phases (from the scheduler's store). Throws when the run
    /// fails (P8 requires every run to complete).
    /// </summary>
    public static async Task<(IReadOnlyList<SimulatedRequest> Requests, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> ScoringPhases)> RateLimitedRunAsync(
        int scorers, int latencyMs, int concurrentMessages, int requestsPerMinute, double burstSeconds, Contracts.RunSettings settings)
    {
        await using var cluster = await StartAsync(scorers, latencyMs, concurrentMessages, settings.BatchSize, new Dictionary<string, string>
        {
            ["Simulator__RateLimit__RequestsPerMinute"] = requestsPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Simulator__RateLimit__BurstSeconds"] = burstSeconds.ToString(CultureInfo.InvariantCulture),
        });
        var start = RunSubmission.Create(settings);
        await cluster.PublishAsync(start);
        await cluster.WaitForRunAsync(start.RunId, seconds: 900);
        var requests = await cluster.SimulatorRequestsAsync();
        cluster.StopScheduler();
        using var store = new LiteDbRunStore(cluster.StoreFile);
        var run = await store.GetRunAsync(start.RunId) ?? throw new InvalidOperationException("the run is not in the scheduler's store");
        var phases = run.Steps
            .Where(s => s.Step >= 1 && s.Step <= run.TotalSteps)
            .Select(s => (Utc(s.ScoringStartedAt ?? s.StartedAt), Utc(s.CompletedAt!.Value)))
            .ToList();
        return (requests, phases);
    }

    /// <summary>The store's times are UTC; an embedded store may hand them back as local or unspecified.</summary>
    private static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time);

    /// <param name="examplesPerMessage">The scenario's stated batch (its definition: e.g. P2's "2 batches × 4 examples per
    /// scorer"), not the product's default message size, which P3 measures.</param>
    private static Task<ProcessCluster> StartAsync(int scorers, int latencyMs, int concurrentMessages, int examplesPerMessage, Dictionary<string, string> simulatorSettings)
    {
        var latency = latencyMs.ToString(CultureInfo.InvariantCulture);
        var simulator = new Dictionary<string, string>(simulatorSettings);
        if (latencyMs > 0)
        {
            simulator["Simulator__TaskLatency__Kind"] = "Fixed";
            simulator["Simulator__TaskLatency__Milliseconds"] = latency;
            simulator["Simulator__OptimizerLatency__Kind"] = "Fixed";
            simulator["Simulator__OptimizerLatency__Milliseconds"] = latency;
        }

        return ProcessCluster.StartAsync(scorers, simulator, new Dictionary<string, string>
        {
            ["Scoring__ConcurrentMessageLimit"] = concurrentMessages.ToString(CultureInfo.InvariantCulture),
            ["Llm__Task__MaxConcurrency"] = "64",
            ["Llm__Optimizer__MaxConcurrency"] = "64",
            ["Scheduler__ExamplesPerScoreBatch"] = examplesPerMessage.ToString(CultureInfo.InvariantCulture),
        });
    }
}
