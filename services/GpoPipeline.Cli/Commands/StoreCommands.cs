using System.CommandLine;
using System.Globalization;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Trajectories;
using Spectre.Console;

namespace GpoPipeline.Cli.Commands;

/// <summary>`gpo runs`, `gpo show`, `gpo cancel`, `gpo report`: commands that only read or mark the store.</summary>
public static class StoreCommands
{
    public static Command Runs(Func<bool, Printer> printers)
    {
        var (store, json) = (CommonOptions.Store(), CommonOptions.Json());
        var limit = new Option<int>("--limit") { Description = "How many runs, newest first.", DefaultValueFactory = _ => 20 }.AtLeast(1, "a number of runs");
        var command = new Command("runs", "List runs, newest first.") { store, json, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(parse.GetValue(json));
            await using var pipeline = await OpenAsync(parse.GetValue(store), cancellationToken);
            var runs = await pipeline.Store.ListRunsAsync(parse.GetValue(limit), cancellationToken);
            if (printer.Json)
            {
                // currentStep never exceeds totalSteps: the test evaluation after the last step is named as a phase.
                printer.Data(runs.Select(r => new
                {
                    r.Id, r.Task, Status = RunSummary.StatusText(r.Status), CurrentStep = Math.Min(r.CurrentStep, r.TotalSteps), r.TotalSteps,
                    Phase = RunPhase.Of(r), r.BestDevScore, r.BestTestScore, r.CreatedAt,
                }));
                return ExitCodes.Ok;
            }

            // Short ids (a prefix of at least 8 characters that no other stored run starts with, accepted by
            // show/resume/report/cancel) and no wrapping inside a task name keep the table readable at 80 columns.
            // The table's short ids must name one run of the whole store (what show/cancel/resume/report search): told
            // apart from every stored id, read without the runs themselves.
            var idLength = ShortIds.UniqueLength(runs.Select(r => r.Id), await pipeline.Store.ListRunIdsAsync(cancellationToken));
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn(new TableColumn("run").NoWrap()).AddColumn(new TableColumn("task").NoWrap())
                .AddColumn(new TableColumn("status").NoWrap()).AddColumn(new TableColumn("step").NoWrap()).AddColumn(new TableColumn("best dev").NoWrap());
            foreach (var run in runs)
            {
                table.AddRow(run.Id.ToString()[..idLength], Markup.Escape(run.Task), Markup.Escape(RunSummary.StatusText(run.Status)),
                    RunPhase.Of(run) == "test" ? "test" : $"{Math.Min(run.CurrentStep, run.TotalSteps)}/{run.TotalSteps}", Printer.Percent(run.BestDevScore));
            }

            printer.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Show(Func<bool, Printer> printers)
    {
        var (store, json, id) = (CommonOptions.Store(), CommonOptions.Json(), CommonOptions.RunId());
        var command = new Command("show", "Show a run's trajectory: step, budget, edit distance, dev score, prompt.") { id, store, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(parse.GetValue(json));
            await using var pipeline = await OpenAsync(parse.GetValue(store), cancellationToken);
            printer.Trajectory(await FindAsync(pipeline.Store, parse.GetValue(id)!, cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Cancel(Func<bool, Printer> printers)
    {
        var (store, id) = (CommonOptions.Store(), CommonOptions.RunId());
        var command = new Command("cancel", "Stop a run after the work in flight; it stays resumable.") { id, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(false);
            await using var pipeline = await OpenAsync(parse.GetValue(store), cancellationToken);
            var runId = (await FindAsync(pipeline.Store, parse.GetValue(id)!, cancellationToken)).Id;
            // The store is the source of truth: every worker, in this process or another, checks the status
            // before paid work, so marking it cancelled there reaches embedded and distributed runs alike.
            var updater = new DecayScheduler.RunUpdater(pipeline.Store, TimeProvider.System);
            var (run, changed) = await updater.UpdateAsync(runId, r =>
            {
                if (r.Status is not (RunStatus.Running or RunStatus.Pending))
                {
                    return false;
                }

                r.Status = RunStatus.Cancelled;
                r.FailureReason = "cancelled with gpo cancel";
                return true;
            }, cancellationToken);
            printer.Line(Markup.Escape(changed
                ? $"run {runId} cancelled; resume with {ResumeLine.For(runId, parse.GetValue(store))}"
                : $"run {runId} is {RunSummary.StatusText(run!.Status)}; nothing to cancel"));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Report(Func<bool, Printer> printers)
    {
        var (store, id, output) = (CommonOptions.Store(), CommonOptions.RunId(), CommonOptions.Out());
        var command = new Command("report", "Write an HTML report with charts for a run.") { id, store, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(false);
            await using var pipeline = await OpenAsync(parse.GetValue(store), cancellationToken);
            var run = await FindAsync(pipeline.Store, parse.GetValue(id)!, cancellationToken);
            var folder = CommonOptions.ReportFolder(parse.GetValue(store), parse.GetValue(output), run.Id);
            var path = await Reports.ReportFiles.WriteAsync(pipeline.Store, run, folder, cancellationToken);
            printer.Line($"report: {Markup.Escape(path)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Opens a store that must already exist: a command that only reads never creates one.</summary>
    public static async Task<EmbeddedPipeline> OpenAsync(string? store, CancellationToken cancellationToken)
    {
        await StoreAccess.CheckExistingAsync(store, cancellationToken);
        return await EmbeddedPipeline.StartAsync(CommonOptions.StoreSettings(store), withWorkers: false, cancellationToken);
    }

    /// <summary>A whole run id, or a prefix that names exactly one run.</summary>
    public static async Task<RunRecord> FindAsync(IRunStore store, string idOrPrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = (idOrPrefix ?? string.Empty).Trim();
        if (Guid.TryParse(text, out var runId))
        {
            return await store.GetRunAsync(runId, cancellationToken)
                ?? throw new UserInputException($"No run {runId} in this store (see gpo runs, or pass the --store the run used).");
        }

        if (text.Length < 4 || !text.All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            throw new UserInputException($"'{text}' is not a run id: expected the id `gpo runs` shows (at least 4 of its first characters).");
        }

        var matches = new List<RunRecord>();
        foreach (var id in (await store.ListRunIdsAsync(cancellationToken)).Where(id => id.ToString().StartsWith(text, StringComparison.OrdinalIgnoreCase)))
        {
            if (await store.GetRunAsync(id, cancellationToken) is { } run)
            {
                matches.Add(run);
            }
        }

        matches.Sort((a, b) => b.CreatedAt.CompareTo(a.CreatedAt)); // newest first, as gpo runs lists them
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new UserInputException($"No run starting with {text} in this store (see gpo runs, or pass the --store the run used)."),
            _ => throw Ambiguous(text, matches),
        };
    }

    /// <summary>
    /// Names the runs a prefix matches, each by the prefix that tells it from the others (and its task, status and
    /// start) so the one meant can be given; it printed three ids cut at 13 characters, the same text when they
    /// shared them, and "…" even when none was left out.
    /// </summary>
    private static UserInputException Ambiguous(string text, List<RunRecord> matches)
    {
        const int Named = 5;
        var length = ShortIds.UniqueLength(matches.Select(r => r.Id));
        var named = matches.Take(Named).Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Id.ToString()[..length]} ({r.Task}, {RunSummary.StatusText(r.Status)}, {r.CreatedAt:yyyy-MM-dd HH:mm})"));
        var more = matches.Count > Named ? $" and {matches.Count - Named} more" : string.Empty;
        return new UserInputException($"{text} names {matches.Count} runs: {string.Join(", ", named)}{more}; give more characters.");
    }
}
