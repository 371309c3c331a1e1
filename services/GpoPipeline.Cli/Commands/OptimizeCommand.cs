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
        var broker = new Option<string?>("--broker") { Description = "RabbitMQ URI for --distributed (default Messaging:RabbitMqUri or amqp://localhost)." };
        run.Data.Required = true;
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
            var modelSettings = models.ToSettings(parse);
            var isDistributed = parse.GetValue(distributed);
            if (isDistributed)
            {
                settings.Remove("Store:ConnectionString");
                settings["Messaging:Transport"] = "RabbitMq";
                if (parse.GetValue(broker) is { } uri)
                {
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

            if (isDistributed)
            {
                // The dataset is read and validated here, once, and travels inside the StartRun.
                var submission = RunSession.Start(run.ToSettings(parse, data, modelSettings["Llm:Task:Model"], modelSettings["Llm:Optimizer:Model"]));
                return await DistributedSession.SubmitAndFollowAsync(submission, settings, printer, cancellationToken);
            }

            await Preflight.CheckDatasetAsync(run.ToSettings(parse, data, null, null));
            if (!isDistributed)
            {
                await Preflight.CheckEndpointAsync(
                    modelSettings.GetValueOrDefault("Llm:Task:BaseUrl") ?? "https://api.openai.com/v1/",
                    Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? Environment.GetEnvironmentVariable("Llm__Task__ApiKey"),
                    cancellationToken);
            }

            await using var pipeline = await EmbeddedPipeline.StartAsync(settings, withWorkers: !isDistributed, cancellationToken);
            var start = RunSession.Start(run.ToSettings(parse, data, modelSettings["Llm:Task:Model"], modelSettings["Llm:Optimizer:Model"]));
            printer.Line($"run {start.RunId}");
            var report = CommonOptions.ReportFolder(parse.GetValue(store), parse.GetValue(output), start.RunId);
            return await RunSession.DriveAsync(pipeline, printer, start.RunId, start, report, cancellationToken);
        });
        return command;
    }
}
