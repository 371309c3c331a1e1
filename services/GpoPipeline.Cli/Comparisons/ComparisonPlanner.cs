using GpoPipeline.Cli.Hosting;
using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Strategies;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>
/// Turns a <see cref="ComparisonSpec"/> into its cells: each task resolved to a folder, each method checked against
/// the methods the pipeline runs, every dataset read and validated before anything is spent (issue 18).
/// </summary>
public static class ComparisonPlanner
{
    public static IReadOnlyList<ComparisonCell> Plan(ComparisonSpec spec, string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var method in spec.Methods)
        {
            try
            {
                PipelineMethods.Route(method);
            }
            catch (ArgumentException ex)
            {
                throw new UserInputException($"--methods {method}: {ex.Message.Split(" (Parameter")[0]}", ex);
            }
        }

        var cells = new List<ComparisonCell>();
        foreach (var task in spec.Tasks)
        {
            var folder = Resolve(task, dataRoot);
            var suite = Path.GetFileName(Path.GetDirectoryName(folder)) is { Length: > 0 } parent && Path.GetFullPath(Path.GetDirectoryName(Path.GetDirectoryName(folder)!)!) == Path.GetFullPath(dataRoot)
                ? parent : "user";
            var probe = Preflight.Check(Settings(spec, folder, PipelineMethods.Default, steps: null, maxCalls: null));
            var train = probe.Plan.Dataset.Splits.TryGetValue(Optimization.Datasets.Split.Train, out var examples) ? examples.Count : 0;
            var rounds = probe.Plan.Configuration.TwoRoundExtraction ? 2 : 1;
            var batch = probe.Plan.Configuration.BatchSize;
            // Without --calls the shared budget is what GPO's own run length (its epochs) costs on this task.
            var shared = spec.Calls ?? new ComparisonBudget(probe.Plan.DevCount, spec.Candidates, PipelineMethods.Default, train, batch).CallsFor(probe.Plan.TotalSteps);
            foreach (var method in spec.Methods)
            {
                // Each method gets as many steps as its own step cost fits in the shared budget (ProTeGi's are dearer).
                var budget = new ComparisonBudget(probe.Plan.DevCount, spec.Candidates, PipelineMethods.Route(method).Method, train, batch);
                var steps = budget.StepsFor(shared, task);
                // A hard stop above the planned calls: a second answer round for every scored example (none is needed
                // on most), the test evaluation (seed and best prompt), and one retried round of generation. A cell
                // that still hits it ends "stopped: budget" and the report says so.
                var guard = (budget.CallsFor(steps) * rounds) + (2L * probe.Plan.TestCount * rounds) + (2L * spec.Candidates);
                var runId = spec.CellId(task, method);
                var start = Preflight.Check(Settings(spec, folder, method, steps, guard)).Start with { RunId = runId };
                cells.Add(new ComparisonCell(task, suite, PipelineMethods.Route(method).Method, runId, start, budget, steps) { CallBudget = shared });
            }
        }

        return cells;
    }

    private static RunSettings Settings(ComparisonSpec spec, string folder, string method, int? steps, long? maxCalls) => new()
    {
        DataPath = folder,
        Method = method,
        Steps = steps,
        Epochs = spec.Epochs,
        Candidates = spec.Candidates,
        Seed = spec.Seed,
        Profile = spec.Profile,
        MaxDevExamples = spec.MaxDev,
        MaxTestExamples = spec.MaxTest,
        MaxCalls = maxCalls,
        TaskModel = spec.Simulated ? SimulatedModels.TaskModel : spec.Models?.Task.Model,
        OptimizerModel = spec.Simulated ? SimulatedModels.OptimizerModel : spec.Models?.Optimizer.Model,
        Models = spec.Simulated ? null : spec.Models,
    };

    /// <summary>A folder, "suite/task" under data/, or a task name found in exactly one suite of data/.</summary>
    private static string Resolve(string task, string dataRoot)
    {
        if (Directory.Exists(task) || File.Exists(task))
        {
            return Path.GetFullPath(task);
        }

        var underData = Path.Combine(dataRoot, task);
        if (Directory.Exists(underData))
        {
            return Path.GetFullPath(underData);
        }

        var found = Directory.Exists(dataRoot)
            ? Directory.GetDirectories(dataRoot).Select(suite => Path.Combine(suite, task)).Where(Directory.Exists).ToList()
            : [];
        return found switch
        {
            [var only] => Path.GetFullPath(only),
            [] => throw new UserInputException($"--tasks {task}: no such folder, and no shipped task of that name under {dataRoot} (e.g. navigate, object_counting, bbh/word_sorting)."),
            _ => throw new UserInputException($"--tasks {task}: shipped in several suites ({string.Join(", ", found.Select(f => Path.GetFileName(Path.GetDirectoryName(f))))}); write suite/{task}."),
        };
    }
}
