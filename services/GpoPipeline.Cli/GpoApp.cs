using System.CommandLine;
using GpoPipeline.Cli.Commands;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories;
using Spectre.Console;

namespace GpoPipeline.Cli;

/// <summary>The `gpo` command line, runnable in-process (tests) with its own output writers.</summary>
public static class GpoApp
{
    /// <summary>Columns assumed when stdout is not a terminal: wide enough that no line of gpo's output wraps.</summary>
    public const int PipedWidth = 1000;

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
        if (!interactive)
        {
            // Piped or captured output is not hard-wrapped at 80 columns (a report path was split over three lines);
            // tables still fit in this width, and plain lines are never cut.
            console.Profile.Width = PipedWidth;
        }

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
            CompareCommand.Create(Printers),
            ServeCommand.Create(Printers),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var commands = root.Subcommands.Select(c => c.Name).ToList();
            var isHelp = args.Any(a => a is "--help" or "-h" or "-?");
            foreach (var error in ParseErrorText.Rewrite([.. parse.Errors.Select(e => e.Message)], isHelp ? [] : args, commands))
            {
                await stderr.WriteLineAsync($"gpo: {error}");
            }

            await stderr.WriteLineAsync("Try 'gpo --help'.");
            return ExitCodes.UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // SIGTERM or Ctrl+C before a run was under way: nothing was started, nothing to resume.
            await stderr.WriteLineAsync("gpo: stopped before any run started; nothing was spent.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (Explain(ex) is { } message)
        {
            await stderr.WriteLineAsync($"gpo: {message}");
            return ExitCodes.UsageError;
        }
        catch (Exception ex) when (DependencyFailures.Explain(ex, OptionValue(parse, "--store"), OptionValue(parse, "--broker")) is { } message)
        {
            // Not a bug: something gpo uses did not answer. Exit 2, as the checks before a start say it.
            await stderr.WriteLineAsync($"gpo: {message}");
            return ExitCodes.UsageError;
        }
        catch (Exception ex)
        {
            // A bug, not the user's mistake: one line here, the stack trace in a file for the bug report.
            var details = Path.Combine(Path.GetTempPath(), $"gpo-error-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            await File.WriteAllTextAsync(details, ex.ToString(), CancellationToken.None);
            await stderr.WriteLineAsync($"gpo: unexpected error ({ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}); details in {details}. Please report it.");
            return ExitCodes.RunFailed;
        }
    }

    /// <summary>The value of the command's option <paramref name="name"/>, or null when it has none.</summary>
    private static string? OptionValue(ParseResult parse, string name) =>
        parse.CommandResult.Command.Options.OfType<Option<string>>().FirstOrDefault(o => o.Name == name) is { } option ? parse.GetValue(option) : null;

    /// <summary>Input errors (also when wrapped by a host's start-up) become one line naming what to fix.</summary>
    private static string? Explain(Exception ex)
    {
        for (Exception? current = ex; current is not null; current = current.InnerException ?? (current as AggregateException)?.InnerExceptions.FirstOrDefault())
        {
            var message = current switch
            {
                UserInputException e => e.Message,
                DatasetException e => e.Message,
                Microsoft.Extensions.Options.OptionsValidationException e => string.Join(" ", e.Failures),
                InvalidOperationException e when GpoPipeline.ServiceDefaults.SettingErrors.Explain(e) is { } setting => setting, // e.g. a number that does not parse
                ArgumentException e when e.Source == "GpoPipeline.Trajectories" => e.Message,
                InvalidOperationException e when e.Source == "GpoPipeline.Trajectories" => e.Message,
                IOException e => e.Message,
                UnauthorizedAccessException e => e.Message,
                _ => null,
            };
            if (message is not null)
            {
                return message;
            }
        }

        return null;
    }
}
