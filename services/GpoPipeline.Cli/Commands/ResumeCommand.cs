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
        var maxCost = new Option<double?>("--max-cost") { Description = "A new cost limit (for a run stopped on its budget)." }.PositiveAmount();
        var maxCalls = new Option<long?>("--max-calls") { Description = "A new call limit." }.AtLeast(1, "a number of calls");
        var maxTokens = new Option<long?>("--max-tokens") { Description = "A new token limit." }.AtLeast(1, "a number of tokens");
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
            Guid runId;
            await using (var reader = await StoreCommands.OpenAsync(parse.GetValue(store), cancellationToken))
            {
                var existing = await StoreCommands.FindAsync(reader.Store, parse.GetValue(id)!, cancellationToken);
                if (existing.Status == Trajectories.RunStatus.Completed)
                {
                    throw new UserInputException($"Run {existing.Id} is already completed; see {ResumeLine.Show(existing.Id, parse.GetValue(store))}.");
                }

                runSettings = existing.Settings;
                runId = existing.Id;
            }

            var report = CommonOptions.ReportFolder(parse.GetValue(store), parse.GetValue(output), runId);
            var simulated = SimulatedModels.AreUsedBy(runSettings);
            if (runSettings.Models is not null && !simulated && models.AnyGiven(parse))
            {
                throw new UserInputException(
                    $"Run {runId} recorded its models ({runSettings.Models.Task.Model} at {runSettings.Models.Task.BaseUrl}); a resume uses exactly them, so leave out --base-url and the --*-model options.");
            }

            await using var simulator = simulated
                ? await SimulatedModels.StartAsync(CliPaths.FindDataRoot() ?? throw new UserInputException("The shipped data/ folder was not found."), cancellationToken)
                : null;
            if (simulator is not null)
            {
                printer.Line($"[yellow]{SimulatedModels.Notice}[/]");
            }

            var modelSettings = simulator is not null ? SimulatedModels.Settings(simulator.BaseUrl)
                : runSettings.Models is { } recorded ? RunModelsConfiguration.ToSettings(recorded)
                : models.ToSettings(parse);
            // A new cost limit is reached only if the models the run resumes with have prices (as for optimize and demo).
            Preflight.CheckCostLimit(parse.GetValue(maxCost), RunModelsConfiguration.Read(modelSettings), pricesRecorded: simulator is null && runSettings.Models is not null);
            if (simulator is null)
            {
                // The same endpoints and models as at the start (issue 18), checked before anything is spent.
                var resumed = RunModelsConfiguration.Read(modelSettings);
                if (string.IsNullOrWhiteSpace(ModelOptions.ApiKeyFor(resumed, resumed.Task.BaseUrl)))
                {
                    throw ModelOptions.NoKey();
                }

                await Preflight.CheckModelsAsync(resumed, url => ModelOptions.ApiKeyFor(resumed, url), cancellationToken);
            }

            foreach (var (key, value) in modelSettings)
            {
                settings[key] = value;
            }

            await using var pipeline = await EmbeddedPipeline.StartAsync(settings, withWorkers: true, cancellationToken);
            var resume = new ResumeRun { RunId = runId, MaxCost = parse.GetValue(maxCost), MaxCalls = parse.GetValue(maxCalls), MaxTokens = parse.GetValue(maxTokens) };
            return await RunSession.DriveAsync(pipeline, printer, runId, resume, report, parse.GetValue(store), cancellationToken);
        });
        return command;
    }
}
