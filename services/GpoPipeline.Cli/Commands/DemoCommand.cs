using System.CommandLine;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;

namespace GpoPipeline.Cli.Commands;

/// <summary>`gpo demo`: the real pipeline in one process on a shipped lite-BBH task, with simulated models.</summary>
public static class DemoCommand
{
    public static Command Create(Func<bool, Printer> printers)
    {
        var run = new RunOptions();
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var output = CommonOptions.Out();
        var dashboard = new Option<bool>("--dashboard")
        {
            Description = "Start the Aspire dashboard (traces, metrics, logs), export the run to it, print its URL and keep it open after the run until Ctrl+C.",
        };
        var command = new Command("demo", "Run GPO end to end with no servers and no API key (simulated models) on a shipped lite-BBH task.");
        run.Task.DefaultValueFactory = _ => "navigate";
        run.Steps.DefaultValueFactory = _ => 6;
        run.Candidates.DefaultValueFactory = _ => 4;
        run.MaxDev.DefaultValueFactory = _ => 24;
        run.MaxTest.DefaultValueFactory = _ => 48;
        foreach (var option in run.All.Where(o => o != run.Data))
        {
            command.Options.Add(option);
        }

        command.Options.Add(store);
        command.Options.Add(json);
        command.Options.Add(output);
        command.Options.Add(dashboard);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(parse.GetValue(json));
            var dataRoot = CliPaths.FindDataRoot() ?? throw new UserInputException("The shipped data/ folder was not found; run gpo from the repository.");
            var task = parse.GetValue(run.Task)!;
            var taskFolder = Path.Combine(dataRoot, "bbh", task);
            // A name among the shipped folders, not a path: '', '..' or '/etc' reached folders that are no task.
            var shipped = Directory.GetDirectories(Path.Combine(dataRoot, "bbh")).Select(Path.GetFileName);
            if (!shipped.Contains(task, StringComparer.Ordinal))
            {
                throw new UserInputException($"--task {task}: no shipped BBH task of that name under {Path.Combine(dataRoot, "bbh")} (try navigate, movie_recommendation, object_counting, word_sorting).");
            }

            // The run's settings are refused before the store is created or the simulator started, as optimize does.
            await Preflight.CheckDatasetAsync(run.ToSettings(parse, taskFolder, SimulatedModels.TaskModel, SimulatedModels.OptimizerModel));
            await StoreAccess.CheckWritableAsync(parse.GetValue(store), cancellationToken);
            var report = CommonOptions.ReportFolder(parse.GetValue(store), parse.GetValue(output), Guid.Empty);
            printer.Line($"[yellow]{SimulatedModels.Notice}[/]");
            await using var simulator = await SimulatedModels.StartAsync(dataRoot, cancellationToken);
            var settings = CommonOptions.StoreSettings(parse.GetValue(store));
            foreach (var (key, value) in SimulatedModels.Settings(simulator.BaseUrl))
            {
                settings[key] = value;
            }

            // The simulated models cost what Llm:<role>:*PricePerMillion in the environment says: $0 unless set.
            Preflight.CheckCostLimit(parse.GetValue(run.MaxCost), RunModelsConfiguration.Read(settings));

            await using var observer = parse.GetValue(dashboard) ? await AspireDashboard.StartAsync(cancellationToken) : null;
            if (observer is not null)
            {
                settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = observer.OtlpGrpcEndpoint.ToString();
                printer.Line($"dashboard: [link]{observer.Url}[/] (traces, metrics and structured logs of this run)");
            }

            var exitCode = ExitCodes.Ok;
            await using (var pipeline = await EmbeddedPipeline.StartAsync(settings, withWorkers: true, cancellationToken))
            {
                // No RunSettings.Models: a demo run resumes on a new in-process simulator (SimulatedModels.AreUsedBy).
                var start = RunSession.Start(run.ToSettings(parse, taskFolder, SimulatedModels.TaskModel, SimulatedModels.OptimizerModel));
                printer.Line($"run {start.RunId} · task bbh/{task} · {start.Settings.Steps} steps × {start.Settings.Candidates} candidates");
                report = CommonOptions.ReportFolder(parse.GetValue(store), parse.GetValue(output), start.RunId);
                exitCode = await RunSession.DriveAsync(pipeline, printer, start.RunId, start, report, parse.GetValue(store), cancellationToken);
            }

            // The pipeline is disposed above, so its last spans and logs are exported before the wait.
            if (observer is not null)
            {
                printer.Line($"dashboard: [link]{observer.Url}[/] — Traces: one gpo.step per step; Ctrl+C to stop it");
                await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellationToken)); // Ctrl+C or SIGTERM (Program.cs) cancels it
            }

            return exitCode;
        });
        return command;
    }
}
