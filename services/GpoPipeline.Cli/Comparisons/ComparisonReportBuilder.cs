using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Optimization.Comparison;
using GpoPipeline.Optimization.Paper;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>Reads the cells' runs, scores and usage from the store and computes the report (no model calls).</summary>
public static class ComparisonReportBuilder
{
    public static async Task<ComparisonReport> BuildAsync(
        IRunStore store, ComparisonSpec spec, IReadOnlyList<ComparisonCell> cells, ReportedResults? paper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cells);
        var taskModel = spec.Simulated ? SimulatedModels.TaskModel : spec.Models?.Task.Model ?? "?";
        var optimizerModel = spec.Simulated ? SimulatedModels.OptimizerModel : spec.Models?.Optimizer.Model ?? "?";
        var results = new List<CellResult>();
        foreach (var cell in cells)
        {
            var run = await store.GetRunAsync(cell.RunId, cancellationToken);
            var paperScore = paper?.Find(cell.Method, cell.Suite, cell.Task, optimizerModel, taskModel)?.Score / 100;
            results.Add(run is null
                ? new CellResult(cell.Task, cell.Suite, cell.Method, cell.RunId, "not started", cell.Steps, cell.Calls, 0, 0, 0, 0, 0, null, null, null, null, null, null, paperScore)
                : await CellAsync(store, cell, run, paperScore, cancellationToken));
        }

        var suites = results.GroupBy(r => (r.Suite, r.Method)).Select(g => new SuiteResult(
            g.Key.Suite, g.Key.Method, g.Count(),
            g.All(r => r.Test is not null) ? g.Average(r => r.Test!.Mean) : null,
            paper?.Find(g.Key.Method, g.Key.Suite, "average", optimizerModel, taskModel)?.Score / 100)).ToList();
        var totals = results.GroupBy(r => r.Method).Select(g => new MethodTotals(
            g.Key, g.Sum(r => r.CallBudget), g.Sum(r => r.Calls), g.Sum(r => r.PaidCalls), g.Sum(r => r.Cost))).ToList();
        return new ComparisonReport(
            spec.Id, spec.Simulated, spec.Simulated ? Notice : null, taskModel, optimizerModel, [.. spec.Methods.Select(m => PipelineMethods.Route(m).Method)],
            results, suites, Gains(results), totals);
    }

    public const string Notice =
        "These numbers come from the simulated LLM (GpoPipeline.SimulatedLlm), a test instrument: they show the mechanics of the comparison, not model quality.";

    private static async Task<CellResult> CellAsync(IRunStore store, ComparisonCell cell, RunRecord run, double? paperScore, CancellationToken cancellationToken)
    {
        var usage = await store.GetUsageAsync(run.Id, cancellationToken);
        // A scored example counts one task-model call, as the budget does (ComparisonBudget); second rounds are paid calls.
        const int rounds = 1;
        var points = new List<(int Calls, double Score)>();
        long optimizer = 0, scorer = 0;
        foreach (var step in run.Steps.Where(s => s.Step <= run.TotalSteps && s.Status == StepStatus.Completed).OrderBy(s => s.Step))
        {
            optimizer += usage.Where(u => u.Step == step.Step && u.Role == "optimizer").Sum(u => u.Calls);
            scorer += (await store.GetBatchScoresAsync(run.Id, step.Step, cancellationToken)).Sum(b => (long)b.Total) * rounds;
            // Each prompt of the step is scored by the time the step closes: its point is the calls spent by then.
            points.AddRange(step.Candidates.Select(c => ((int)(optimizer + scorer), c.DevScore ?? 0)));
        }

        var edits = run.Trajectory.Where(t => t.Step > 0 && t.EditDistance is not null).Select(t => (double)t.EditDistance!.Value).ToList();
        return new CellResult(
            cell.Task, cell.Suite, cell.Method, run.Id, RunSummary.StatusText(run.Status), cell.Steps, cell.Calls, optimizer + scorer, optimizer, scorer,
            usage.Sum(u => u.Calls), usage.Sum(u => u.Cost), run.InitialTestScore, await TestAsync(store, run, cancellationToken), run.BestDevScore,
            CallCurve.CallsToBest(points), edits.Count > 0 ? edits.Average() : null, run.BestPrompt, paperScore);
    }

    /// <summary>The reported (best-dev) prompt's test score with its 95 % bootstrap interval, from its test candidate's per-example scores.</summary>
    private static async Task<ScoreInterval?> TestAsync(IRunStore store, RunRecord run, CancellationToken cancellationToken)
    {
        if (run.Status != RunStatus.Completed)
        {
            return null;
        }

        var batches = await store.GetBatchScoresAsync(run.Id, run.TotalSteps + 1, cancellationToken);
        var test = run.Steps.LastOrDefault(s => s.Kind == Contracts.StepKind.Test);
        var index = test?.Candidates.FirstOrDefault(c => string.Equals(c.Prompt, run.BestPrompt, StringComparison.Ordinal))?.Index ?? 0;
        var scores = batches.Where(b => b.CandidateIndex == index).OrderBy(b => b.BatchIndex).SelectMany(b => b.ExampleScores).ToList();
        return scores.Count == 0 ? null : BootstrapInterval.Of(scores, run.Settings.Seed);
    }

    private static List<GainResult> Gains(List<CellResult> results)
    {
        var gains = new List<GainResult>();
        foreach (var task in results.GroupBy(r => r.Task))
        {
            if (Gain("task", task.Key, task.Where(r => r.Test is not null).ToDictionary(r => r.Method, r => r.Test!.Mean), task.FirstOrDefault(r => r.SeedTest is not null)?.SeedTest) is { } gain)
            {
                gains.Add(gain);
            }
        }

        foreach (var suite in results.GroupBy(r => r.Suite))
        {
            var complete = suite.GroupBy(r => r.Method).Where(m => m.All(r => r.Test is not null)).ToDictionary(m => m.Key, m => m.Average(r => r.Test!.Mean));
            var seeds = suite.GroupBy(r => r.Task).Select(t => t.FirstOrDefault(r => r.SeedTest is not null)?.SeedTest).ToList();
            if (seeds.All(s => s is not null) && Gain("suite", suite.Key, complete, seeds.Average()) is { } gain)
            {
                gains.Add(gain);
            }
        }

        return gains;
    }

    private static GainResult? Gain(string scope, string name, Dictionary<string, double> scores, double? seed)
    {
        if (seed is not { } reference || !scores.TryGetValue(PipelineMethods.Default, out var gpo))
        {
            return null;
        }

        var baselines = scores.Where(s => s.Key != PipelineMethods.Default).ToDictionary(s => s.Key, s => s.Value);
        return RelativeGain.OverBest(gpo, reference, baselines) is { } found
            ? new GainResult(scope, name, gpo, reference, found.Baseline, baselines[found.Baseline], found.Gain)
            : null;
    }
}
