using System.CommandLine;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;

namespace GpoPipeline.Cli.Commands;

/// <summary>`gpo optimize`: a real run against an OpenAI-compatible endpoint, embedded or on the distributed stack.</summary>
public static class OptimizeCommand
{
    public static Command Create(Func<bool, Printer> printers)
    {
        var run = new RunOptions();
        var models = new ModelOptions();
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var output = CommonOptions.Out();
        var distributed = new Option<bool>("--distributed")
        {
            Description = "Submit the run (with its dataset) to a deployment over RabbitMQ and follow its events; opens no store.",
        };
        var broker = new Option<string?>("--broker") { Description = "RabbitMQ URI for --distributed (default Messaging:RabbitMqUri or amqp://localhost)." }
            .NotBlank(BrokerAddress.Expected);
        run.Data.Required = true;
        run.Task.NotBlank(RunOptions.TaskExpected);
        var command = new Command("optimize", "Optimize a prompt with GPO against an OpenAI-compatible endpoint (key from OPENAI_API_KEY).");
        foreach (var option in run.All.Concat(models.All))
        {
            command.Options.Add(option);
        }

        command.Options.Add(store);
        command.Options.Add(json);
        command.Options.Add(output);
        command.Options.Add(distributed);
        command.Options.Add(broker);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(parse.GetValue(json));
            var data = parse.GetValue(run.Data)!;
            if (!File.Exists(data) && !Directory.Exists(data))
            {
                throw new UserInputException($"--data {data}: no such file or folder.");
            }

            var settings = CommonOptions.StoreSettings(parse.GetValue(store));
            var isDistributed = parse.GetValue(distributed);
            var modelSettings = models.ToSettings(parse, requireKey: !isDistributed);
            if (isDistributed)
            {
                settings.Remove("Store:ConnectionString");
                settings["Messaging:Transport"] = "RabbitMq";
                if (parse.GetValue(broker) is { } uri)
                {
                    BrokerAddress.Parse(uri);
                    settings["Messaging:RabbitMqUri"] = uri;
                }
            }
            else
            {
                foreach (var (key, value) in modelSettings)
                {
                    settings[key] = value;
                }
            }

            // Everything that can be checked is checked before a run record exists or a model is paid (issue 18).
            await Preflight.CheckDatasetAsync(run.ToSettings(parse, data, null, null));
            var recorded = RunModelsConfiguration.Read(modelSettings);
            Preflight.CheckCostLimit(parse.GetValue(run.MaxCost), recorded);
            if (isDistributed)
            {
                // The dataset is read and validated here, once, and travels inside the StartRun.
                var submission = RunSession.Start(run.ToSettings(parse, data, modelSettings["Llm:Task:Model"], modelSettings["Llm:Optimizer:Model"]) with { Models = recorded });
                return await DistributedSession.SubmitAndFollowAsync(submission, settings, printer, cancellationToken);
            }

            await StoreAccess.CheckWritableAsync(parse.GetValue(store), cancellationToken);
            await Preflight.CheckModelsAsync(recorded, url => ModelOptions.ApiKeyFor(recorded, url), cancellationToken);

            var runSettings = run.ToSettings(parse, data, modelSettings["Llm:Task:Model"], modelSettings["Llm:Optimizer:Model"]) with { Models = recorded };
            var start = RunSession.Start(runSettings);
            var report = CommonOptions.ReportFolder(parse.GetValue(store), parse.GetValue(output), start.RunId);
            await using var pipeline = await EmbeddedPipeline.StartAsync(settings, withWorkers: !isDistributed, cancellationToken);
            printer.Line($"run {start.RunId}");
            return await RunSession.DriveAsync(pipeline, printer, start.RunId, start, report, parse.GetValue(store), cancellationToken);
        });
        return command;
    }
}
