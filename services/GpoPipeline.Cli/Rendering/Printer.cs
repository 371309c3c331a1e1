using System.Globalization;
using System.Text.Json;
using GpoPipeline.Trajectories;
using Spectre.Console;

namespace GpoPipeline.Cli.Rendering;

/// <summary>Tables for people, JSON for scripts (nothing else on stdout with --json).</summary>
public sealed class Printer(IAnsiConsole console, TextWriter stdout, bool json)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public bool Json => json;

    public IAnsiConsole Console => console;

    public void Data<T>(T value) => stdout.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    public void Line(string markup)
    {
        if (!json)
        {
            console.MarkupLine(markup);
        }
    }

    public void Summary(RunSummary summary)
    {
        if (json)
        {
            Data(summary);
            return;
        }

        var table = new Table { Expand = Fits }.Border(TableBorder.Rounded)
            .AddColumn(string.Empty).AddColumn("initial prompt").AddColumn("best prompt");
        table.AddRow("prompt", Markup.Escape(summary.InitialPrompt), Markup.Escape(summary.BestPrompt));
        table.AddRow("dev", Percent(summary.InitialDevScore), Percent(summary.BestDevScore));
        table.AddRow("test", Percent(summary.InitialTestScore), Percent(summary.BestTestScore));
        console.Write(table);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(summary.Status)}[/] · run {summary.RunId} · {CallsText(summary.Calls, summary.CacheHits, summary.MemoHits)} · {summary.Tokens:N0} tokens · ${summary.Cost:0.0000}"));
        if (summary.Reason is { } reason)
        {
            console.MarkupLine($"reason: {Markup.Escape(reason)}");
        }

        if (summary.Report is { } report)
        {
            console.MarkupLine($"report: [link]{Markup.Escape(report)}[/]");
        }
    }

    public void Trajectory(RunRecord run)
    {
        if (json)
        {
            Data(ShownRun.From(run));
            return;
        }

        // The paper profile scores every selected prompt on test (docs/profiles.md point 6): a test column then.
        var withTest = run.Trajectory.Count(t => t.TestScore is not null) > 2;
        var table = new Table { Expand = Fits }.Border(TableBorder.Simple)
            .AddColumn("step").AddColumn("budget").AddColumn("edit").AddColumn("dev");
        if (withTest)
        {
            table.AddColumn("test");
        }

        table.AddColumn("prompt");
        foreach (var entry in run.Trajectory)
        {
            string[] cells = [entry.Step.ToString(CultureInfo.InvariantCulture), entry.EditBudget?.ToString(CultureInfo.InvariantCulture) ?? "-",
                entry.EditDistance?.ToString(CultureInfo.InvariantCulture) ?? "-", Percent(entry.DevScore)];
            table.AddRow([.. cells, .. withTest ? [Percent(entry.TestScore)] : Array.Empty<string>(), Markup.Escape(entry.Prompt)]);
        }

        console.MarkupLine($"run {run.Id} · {Markup.Escape(run.Task)} · {Markup.Escape(RunSummary.StatusText(run.Status))}");
        foreach (var line in RunFacts.Lines(run))
        {
            console.MarkupLine(Markup.Escape(line));
        }

        // Why a run failed or stopped was printed once, at the end of its session; `gpo show` is where it is looked for later.
        if (run.FailureReason is { } reason)
        {
            console.MarkupLine($"reason: {Markup.Escape(reason)}");
        }

        console.Write(table);
        foreach (var step in run.Steps.Where(s => s.Note is not null))
        {
            console.MarkupLine(Markup.Escape($"step {step.Step}: {step.Note}"));
        }
    }

    /// <summary>Tables fill a terminal; piped output is not padded to <see cref="GpoApp.PipedWidth"/> columns.</summary>
    private bool Fits => console.Profile.Width < GpoApp.PipedWidth;

    /// <summary>"630 calls (0 cache hits)", or with answers the store already held "30 calls (0 cache hits, 600 answered from the store)".</summary>
    public static string CallsText(long calls, long cacheHits, long memoHits) =>
        string.Create(CultureInfo.InvariantCulture, $"{calls} calls ({HitsText(cacheHits, memoHits)})");

    /// <summary>The calls a run did not pay for: cache hits of the model client, and the memo's answers when there were any.</summary>
    public static string HitsText(long cacheHits, long memoHits) => memoHits > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{cacheHits:N0} cache hits, {memoHits:N0} answered from the store")
        : string.Create(CultureInfo.InvariantCulture, $"{cacheHits:N0} cache hits");

    public static string Percent(double? score) =>
        score is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 100:0.0}%") : "-";
}
