using System.CommandLine;
using GpoPipeline.Cli.Comparisons;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Optimization.Paper;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Commands;

/// <summary>
/// `gpo compare` (issue 17): several methods on several tasks with the same seed, splits, models and call budget,
/// every cell a run of its own on one in-process pipeline; then the report (docs/baselines.md).
/// </summary>
public static class CompareCommand
{
    public static Command Create(Func<bool, Printer> printers)
    {
        var options = new CompareOptions();
        var models = new ModelOptions();
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var output = CommonOptions.Out();
        var command = new Command("compare", "Compare optimizers (GPO, its ablations, OPRO, APE, …) on tasks with equal call budgets; resumable.");
        foreach (var option in options.All.Concat(models.All))
        {
            command.Options.Add(option);
        }

        command.Options.Add(store);
        command.Options.Add(json);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(parse.GetValue(json));
            var spec = parse.GetValue(options.Resume) is { } id
                ? await ComparisonManifest.LoadAsync(id, parse.GetValue(store), cancellationToken)
                : options.ToSpec(parse, parse.GetValue(options.Simulated) ? null : RunModelsConfiguration.Read(models.ToSettings(parse)));
            var dataRoot = CliPaths.FindDataRoot() ?? Path.Combine(Environment.CurrentDirectory, "data");
            var cells = ComparisonPlanner.Plan(spec, dataRoot);
            var paper = PaperResults(dataRoot); // read before any call: a bad file then costs nothing
            await StoreAccess.CheckWritableAsync(parse.GetValue(store), cancellationToken);
            var report = CommonOptions.ReportFolder(parse.GetValue(store), parse.GetValue(output), spec.Id);
            if (spec.Models is { } recorded)
            {
                await Preflight.CheckModelsAsync(recorded, url => ModelOptions.ApiKeyFor(recorded, url), cancellationToken);
            }

            await ComparisonManifest.SaveAsync(spec, parse.GetValue(store), cancellationToken);
            var settings = CommonOptions.StoreSettings(parse.GetValue(store));
            await using var simulator = spec.Simulated ? await SimulatedModels.StartAsync(dataRoot, cancellationToken) : null;
            var modelSettings = simulator is not null ? SimulatedModels.Settings(simulator.BaseUrl) : RunModelsConfiguration.ToSettings(spec.Models!);
            foreach (var (key, value) in modelSettings)
            {
                settings[key] = value;
            }

            if (simulator is not null)
            {
                printer.Line($"[yellow]{SimulatedModels.Notice}[/]");
            }

            printer.Line($"comparison {spec.Id} · {cells.Count} runs ({spec.Methods.Count} methods × {spec.Tasks.Count} tasks) · continue with: gpo compare --resume {spec.Id}"
                + (parse.GetValue(store) is { } path ? $" --store {path}" : string.Empty));
            IReadOnlyList<RunRecord> runs;
            await using (var pipeline = await EmbeddedPipeline.StartAsync(settings, withWorkers: true, cancellationToken))
            {
                runs = await ComparisonRunner.RunAsync(pipeline, cells, printer, cancellationToken);
                var result = await ComparisonReportBuilder.BuildAsync(pipeline.Store, spec, cells, paper, CancellationToken.None);
                ComparisonTable.Print(printer, await ComparisonFiles.WriteAsync(result, report, CancellationToken.None));
            }

            return runs.Any(r => r.Status == RunStatus.Cancelled) ? ExitCodes.Cancelled
                : runs.Any(r => r.Status == RunStatus.Failed) ? ExitCodes.RunFailed
                : runs.Any(r => r.Status == RunStatus.StoppedBudget) ? ExitCodes.BudgetExhausted
                : ExitCodes.Ok;
        });
        return command;
    }

    private static ReportedResults? PaperResults(string dataRoot)
    {
        var file = Path.Combine(dataRoot, "paper", "gpo-reported.json");
        try
        {
            return File.Exists(file) ? ReportedResults.Parse(File.ReadAllText(file), file) : null;
        }
        catch (FormatException ex)
        {
            // The message names the file, row and field: the user's to fix (exit 2), not an "unexpected error".
            throw new UserInputException(ex.Message, ex);
        }
    }
}
