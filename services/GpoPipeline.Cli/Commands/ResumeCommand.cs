using System.CommandLine;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Contracts;

namespace GpoPipeline.Cli.Commands;

/// <summary>`gpo resume`: continue a cancelled, stopped or interrupted run from its last completed step.</summary>
public static class ResumeCommand
{
    public static Command Create(Func<bool, Printer> printers)
    {
        var (store, json, id, output) = (CommonOptions.Store(), CommonOptions.Json(), CommonOptions.RunId(), CommonOptions.Out());
        var models = new ModelOptions();
        var maxCost = new Option<double?>("--max-cost") { Description = "A new cost limit (for a run stopped on its budget)." };
        var maxCalls = new Option<long?>("--max-calls") { Description = "A new call limit." };
        var maxTokens = new Option<long?>("--max-tokens") { Description = "A new token limit." };
        var command = new Command("resume", "Continue a run from its last completed step; paid answers are replayed from the cache.")
        {
            id, store, json, output, maxCost, maxCalls, maxTokens,
        };
        foreach (var option in models.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(parse.GetValue(json));
            var settings = CommonOptions.StoreSettings(parse.GetValue(store));
            RunSettings runSettings;
            await using (var reader = await StoreCommands.OpenAsync(parse.GetValue(store), cancellationToken))
            {
                var existing = await StoreCommands.FindAsync(reader.Store, parse.GetValue(id), cancellationToken);
                if (existing.Status == Trajectories.RunStatus.Completed)
                {
                    throw new UserInputException($"Run {existing.Id} is already completed; see gpo show {existing.Id}.");
                }

                runSettings = existing.Settings;
            }

            await using var simulator = SimulatedModels.AreUsedBy(runSettings)
                ? await SimulatedModels.StartAsync(CliPaths.FindDataRoot() ?? throw new UserInputException("The shipped data/ folder was not found."), cancellationToken)
                : null;
            if (simulator is not null)
            {
                printer.Line($"[yellow]{SimulatedModels.Notice}[/]");
            }

            foreach (var (key, value) in simulator is null ? models.ToSettings(parse) : SimulatedModels.Settings(simulator.BaseUrl))
            {
                settings[key] = value;
            }

            await using var pipeline = await EmbeddedPipeline.StartAsync(settings, withWorkers: true, cancellationToken);
            var runId = parse.GetValue(id);
            var resume = new ResumeRun { RunId = runId, MaxCost = parse.GetValue(maxCost), MaxCalls = parse.GetValue(maxCalls), MaxTokens = parse.GetValue(maxTokens) };
            var report = CommonOptions.ReportFolder(parse.GetValue(store), parse.GetValue(output), runId);
            return await RunSession.DriveAsync(pipeline, printer, runId, resume, report, cancellationToken);
        });
        return command;
    }
}
