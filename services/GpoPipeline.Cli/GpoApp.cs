using System.CommandLine;
using GpoPipeline.Cli.Commands;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories;
using Spectre.Console;

namespace GpoPipeline.Cli;

/// <summary>The `gpo` command line, runnable in-process (tests) with its own output writers.</summary>
public static class GpoApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
        });
        Printer Printers(bool json) => new(console, stdout, json);

        var root = new RootCommand($"gpo — GPO prompt optimization (Tang et al., AAAI 2025) as a pipeline. {ExitCodes.Help}")
        {
            DemoCommand.Create(Printers),
            OptimizeCommand.Create(Printers),
            EstimateCommand.Create(Printers),
            StoreCommands.Runs(Printers),
            StoreCommands.Show(Printers),
            ResumeCommand.Create(Printers),
            StoreCommands.Cancel(Printers),
            StoreCommands.Report(Printers),
            SimCommand.Create(Printers),
            ServeCommand.Create(Printers),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"gpo: {error.Message}");
            }

            await stderr.WriteLineAsync("Try 'gpo --help'.");
            return ExitCodes.UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (Exception ex) when (Explain(ex) is { } message)
        {
            await stderr.WriteLineAsync($"gpo: {message}");
            return ExitCodes.UsageError;
        }
    }

    /// <summary>Input errors become one line; anything else is a bug and keeps its stack trace.</summary>
    private static string? Explain(Exception ex) => ex switch
    {
        UserInputException e => e.Message,
        DatasetException e => e.Message,
        Microsoft.Extensions.Options.OptionsValidationException e => string.Join(" ", e.Failures),
        ArgumentException e when e.Source == "GpoPipeline.Trajectories" => e.Message,
        IOException e => e.Message,
        UnauthorizedAccessException e => e.Message,
        _ => null,
    };
}
