using System.Globalization;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// Where a run's scoring phases (<see cref="ClusterRuns.ScoringThroughput"/>) spend their time, from the stored batch
/// scores: the head (candidates recorded → the first dev batch recorded: the fan-out's first round trip), the body (first
/// → last batch recorded: the scorers' steady state) and the tail (last batch recorded → the step's completion: closing it).
/// </summary>
public static class ScoringPhases
{
    public static async Task<string> DescribeAsync(IRunStore store, RunRecord run)
    {
        double head = 0, body = 0, tail = 0;
        var steps = run.Steps.Where(s => s.Step >= 1 && s.Step <= run.TotalSteps).ToList();
        foreach (var step in steps)
        {
            var recorded = (await store.GetBatchScoresAsync(run.Id, step.Step)).Where(b => b.Split == "dev").Select(b => b.RecordedAt).ToList();
            if (recorded.Count == 0 || step.CompletedAt is not { } completed)
            {
                continue;
            }

            var (first, last) = (recorded.Min(), recorded.Max());
            head += (first - (step.ScoringStartedAt ?? step.StartedAt)).TotalMilliseconds;
            body += (last - first).TotalMilliseconds;
            tail += (completed - last).TotalMilliseconds;
        }

        var n = Math.Max(1, steps.Count);
        return string.Create(CultureInfo.InvariantCulture, $"per step: head {head / n:0.0} ms, body {body / n:0.0} ms, tail {tail / n:0.0} ms");
    }
}
