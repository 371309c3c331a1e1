using System.CommandLine;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Datasets;
using Spectre.Console;

namespace GpoPipeline.Cli.Commands;

/// <summary>`gpo estimate`: predicted calls, tokens and cost of a run before anything is spent.</summary>
public static class EstimateCommand
{
    public static Command Create(Func<bool, Printer> printers)
    {
        var run = new RunOptions();
        var json = CommonOptions.Json();
        var inputPrice = new Option<double>("--input-price") { Description = "Price per million input tokens (both roles).", DefaultValueFactory = _ => 0 }.AtLeast(0, "a price per million tokens");
        var outputPrice = new Option<double>("--output-price") { Description = "Price per million output tokens (both roles).", DefaultValueFactory = _ => 0 }.AtLeast(0, "a price per million tokens");
        run.Data.Required = true;
        var command = new Command("estimate", "Predict a run's model calls, tokens and cost (no model is called).");
        foreach (var option in run.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(json);
        command.Options.Add(inputPrice);
        command.Options.Add(outputPrice);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(parse.GetValue(json));
            var settings = run.ToSettings(parse, parse.GetValue(run.Data)!, null, null);
            var plan = await Preflight.CheckDatasetAsync(settings);
            var dataset = new DatasetCatalog().Get(settings.DataPath, settings.Task);
            var dev = dataset[Split.Dev].Take(plan.DevCount).ToList();
            var price = new ModelPrice(parse.GetValue(inputPrice), parse.GetValue(outputPrice));
            var estimate = SpendEstimator.Estimate(new SpendEstimateInput
            {
                Steps = plan.TotalSteps,
                DevSize = plan.DevCount,
                TestSize = plan.TestCount,
                AverageExampleChars = (int)Math.Ceiling(dev.Average(e => e.Input.Length)),
                Candidates = settings.Candidates,
                DirectionSize = settings.DirectionSize,
                TaskPrice = price,
                OptimizerPrice = price,
            });
            if (printer.Json)
            {
                printer.Data(new { plan.Task, plan.TotalSteps, plan.DevCount, plan.TestCount, estimate.Calls, estimate.Tokens, estimate.Cost, Detail = estimate });
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("role").AddColumn("calls").AddColumn("tokens (in / out, max)").AddColumn("cost");
            table.AddRow("task", estimate.TaskCalls.ToString("N0"), $"{estimate.TaskInputTokens:N0} / {estimate.TaskOutputTokens:N0}", $"${estimate.TaskCost:0.0000}");
            table.AddRow("optimizer", estimate.OptimizerCalls.ToString("N0"), $"{estimate.OptimizerInputTokens:N0} / {estimate.OptimizerOutputTokens:N0}", $"${estimate.OptimizerCost:0.0000}");
            printer.Console.MarkupLine($"{Markup.Escape(plan.Task)}: {plan.TotalSteps} steps, {plan.DevCount} dev and {plan.TestCount} test examples, {settings.Candidates} candidates per step");
            printer.Console.Write(table);
            printer.Console.MarkupLine($"total: [bold]{estimate.Calls:N0} calls[/], at most {estimate.Tokens:N0} tokens, at most ${estimate.Cost:0.0000} (output tokens are upper bounds)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
