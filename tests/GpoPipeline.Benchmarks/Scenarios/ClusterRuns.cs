using GpoPipeline.Contracts;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>Pipeline clusters over the real RabbitMQ at a stated simulated latency.</summary>
public static class ClusterRuns
{
    /// <param name="examplesPerMessage">Scheduler:ExamplesPerScoreBatch: a scenario defined by its batches (P1, P2, P4,
    /// P7, P8) passes its batch; null is the product's default (P3 measures the pipeline as shipped).</param>
    public static Task<PipelineCluster> StartAsync(
        int scorers, int latencyMs, int concurrentMessages, int taskConcurrency = 64, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? workers = null,
        int? examplesPerMessage = null) =>
        PipelineCluster.StartAsync(scorers, sim =>
        {
            sim.TaskLatency = Fixed(latencyMs);
            sim.OptimizerLatency = Fixed(latencyMs);
        }, settings: new Dictionary<string, string?>
        {
            ["Scoring:ConcurrentMessageLimit"] = concurrentMessages.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Llm:Task:MaxConcurrency"] = taskConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Llm:Optimizer:MaxConcurrency"] = "64",
            // Never the specs' message size (PipelineCluster.SmallRunExamplesPerMessage).
            ["Scheduler:ExamplesPerScoreBatch"] = (examplesPerMessage ?? ProductExamplesPerMessage).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, workers: workers);

    /// <summary>The message size the product ships (Scheduler:ExamplesPerScoreBatch's default).</summary>
    public static int ProductExamplesPerMessage { get; } = new DecayScheduler.SchedulerOptions().ExamplesPerScoreBatch;

    public static RunSettings Settings(int steps, int candidates, int dev, int batch, int seed = 3) =>
        PipelineCluster.SmallRun(seed: seed) with
        {
            Steps = steps, Candidates = candidates, BatchSize = batch, MaxDevExamples = dev, MaxTestExamples = 8,
        };

    public static async Task<RunRecord> RunAsync(PipelineCluster cluster, RunSettings settings)
    {
        var run = await cluster.WaitAsync(await cluster.StartRunAsync(settings), seconds: 600);
        return run.Status == RunStatus.Completed ? run : throw new InvalidOperationException($"benchmark run ended {run.Status}: {run.FailureReason}");
    }

    /// <summary>
    /// Examples scored per second in the optimization steps' scoring phases: from the moment a step's candidates
    /// were recorded and its ScoreBatch fan-out began to the step's completion. Retrieval and generation, which no
    /// scorer takes part in, are outside the window.
    /// </summary>
    public static double ScoringThroughput(RunRecord run)
    {
        var steps = run.Steps.Where(s => s.Step >= 1 && s.Step <= run.TotalSteps).ToList();
        var examples = ExamplesScored(run);
        var seconds = steps.Sum(s => (s.CompletedAt!.Value - (s.ScoringStartedAt ?? s.StartedAt)).TotalSeconds);
        return examples / seconds;
    }

    /// <summary>The examples <see cref="ScoringThroughput"/> counts: the optimization steps' candidates on the dev split.</summary>
    public static int ExamplesScored(RunRecord run) =>
        run.Steps.Where(s => s.Step >= 1 && s.Step <= run.TotalSteps).Sum(s => s.Candidates.Count * run.DevCount);

    public static LatencyOptions Fixed(int milliseconds) =>
        milliseconds <= 0 ? new LatencyOptions() : new LatencyOptions { Kind = LatencyKind.Fixed, Milliseconds = milliseconds };
}
