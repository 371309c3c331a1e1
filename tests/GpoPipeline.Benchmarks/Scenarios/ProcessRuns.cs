using System.Globalization;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>Runs on the stack as separate OS processes (<see cref="ProcessCluster"/>) at a stated simulated latency.</summary>
public static class ProcessRuns
{
    public static async Task<double> ScoringThroughputAsync(int scorers, int latencyMs, int concurrentMessages, Contracts.RunSettings settings)
    {
        var latency = latencyMs.ToString(CultureInfo.InvariantCulture);
        var simulator = latencyMs <= 0 ? new Dictionary<string, string>() : new Dictionary<string, string>
        {
            ["Simulator__TaskLatency__Kind"] = "Fixed",
            ["Simulator__TaskLatency__Milliseconds"] = latency,
            ["Simulator__OptimizerLatency__Kind"] = "Fixed",
            ["Simulator__OptimizerLatency__Milliseconds"] = latency,
        };
        await using var cluster = await ProcessCluster.StartAsync(scorers, simulator, new Dictionary<string, string>
        {
            ["Scoring__ConcurrentMessageLimit"] = concurrentMessages.ToString(CultureInfo.InvariantCulture),
            ["Llm__Task__MaxConcurrency"] = "64",
            ["Llm__Optimizer__MaxConcurrency"] = "64",
        });
        var start = RunSubmission.Create(settings);
        await cluster.PublishAsync(start);
        await cluster.WaitForRunAsync(start.RunId, seconds: 900);
        cluster.StopScheduler();
        using var store = new LiteDbRunStore(cluster.StoreFile);
        var run = await store.GetRunAsync(start.RunId) ?? throw new InvalidOperationException("the run is not in the scheduler's store");
        return ClusterRuns.ScoringThroughput(run);
    }
}
