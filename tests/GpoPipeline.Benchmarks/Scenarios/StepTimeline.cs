using System.Diagnostics;
using System.Globalization;
using GpoPipeline.Testing;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>`scenarios --timeline`: where one step's time goes, from its trace (for finding overhead).</summary>
public static class StepTimeline
{
    public static async Task PrintAsync(TextWriter output)
    {
        await using var cluster = await PipelineCluster.StartAsync(2, sim =>
        {
            sim.TaskLatency = ClusterRuns.Fixed(20);
            sim.OptimizerLatency = ClusterRuns.Fixed(20);
        }, captureSpans: true, settings: new Dictionary<string, string?> { ["Scheduler:ExamplesPerScoreBatch"] = "8" }); // P1's batches of 8
        var run = await ClusterRuns.RunAsync(cluster, ClusterRuns.Settings(1, 2, 8, 8));
        await Task.Delay(300);
        var spans = cluster.Spans();
        var step = spans.First(s => s.OperationName == "gpo.step" && Equals(s.GetTagItem("gpo.step"), 1));
        var trace = spans.Where(s => s.TraceId == step.TraceId).OrderBy(s => s.StartTimeUtc).ToList();
        foreach (var span in trace)
        {
            var offset = (span.StartTimeUtc - step.StartTimeUtc).TotalMilliseconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{offset,8:0.0} ms +{span.Duration.TotalMilliseconds,7:0.0} ms  {span.Kind,-8} {span.Source.Name,-24} {span.DisplayName}"));
        }

        var record = run.Steps.Single(s => s.Step == 1);
        await output.WriteLineAsync($"step record wall {(record.CompletedAt!.Value - record.StartedAt).TotalMilliseconds:0} ms");
    }
}
