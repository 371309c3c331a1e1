using GpoPipeline.Cli.Rendering;
using Spectre.Console;
using static GpoPipeline.Cli.Comparisons.ComparisonText;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>The terminal view of the report (--json prints the report itself instead).</summary>
public static class ComparisonTable
{
    public static void Print(Printer printer, ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentNullException.ThrowIfNull(report);
        if (printer.Json)
        {
            printer.Data(report);
            return;
        }

        if (report.Notice is { } notice)
        {
            printer.Line($"[yellow]{Markup.Escape(notice)}[/]");
        }

        var cells = new Table().Border(TableBorder.Simple)
            .AddColumn("task").AddColumn("method").AddColumn("status").AddColumn("test % [[95 % CI]]").AddColumn("seed").AddColumn("calls / budget")
            .AddColumn("calls to best").AddColumn("cost").AddColumn("edit").AddColumn("edit (cand.)").AddColumn("paper");
        foreach (var c in report.Cells)
        {
            cells.AddRow(Markup.Escape($"{c.Suite}/{c.Task}"), Markup.Escape(c.Method), Markup.Escape(c.Status), Markup.Escape(Interval(c.Test)), Score(c.SeedTest),
                $"{c.Calls} / {c.CallBudget}", Number(c.CallsToBest), Cost(c.Cost), Number(c.MeanEditDistance), Number(c.MeanCandidateEdit), Score(c.Paper));
        }

        printer.Console.Write(cells);
        foreach (var s in report.Suites)
        {
            printer.Line(Markup.Escape($"{s.Suite} average over {s.Tasks} task(s), {s.Method}: {Score(s.AverageTest)}") + (s.Paper is null ? string.Empty : Markup.Escape($" (paper: {Score(s.Paper)})")));
        }

        foreach (var g in report.Gains)
        {
            printer.Line(Markup.Escape($"GPO over the best baseline ({g.BestBaseline}) on {g.Scope} {g.Name}: {Gain(g.RelativeGain)}"));
        }

        if (report.Markdown is { } markdown)
        {
            printer.Line($"report: [link]{Markup.Escape(markdown)}[/]");
        }
    }
}
