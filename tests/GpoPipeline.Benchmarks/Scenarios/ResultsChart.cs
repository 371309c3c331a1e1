using System.Globalization;
using ScottPlot;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>The PNG beside results.md: each scenario's attainment of its target (ScottPlot, headless).</summary>
public static class ResultsChart
{
    private const double Cap = 2.0; // far beyond target is drawn at twice the target, labelled with its real value

    public static byte[] Render(IReadOnlyList<ScenarioResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Where(r => r.Attainment is not null).Reverse().ToList();
        var plot = new Plot();
        plot.Title("Benchmarks: share of each target reached (1 = target, simulated LLM)");
        plot.Axes.Bottom.Label.Text = "attainment (measured vs target, direction-aware)";
        plot.Grid.MajorLineColor = Color.FromHex("#e2e8f0");
        var bars = rows.Select((row, i) => new ScottPlot.Bar
        {
            Position = i,
            Value = Math.Min(row.Attainment!.Value, Cap),
            FillColor = row.Met == true ? Color.FromHex("#16a34a") : Color.FromHex("#ea580c"),
            Label = string.Create(CultureInfo.InvariantCulture, $"{row.Ratio:0.##} vs {row.Target}"),
        }).ToList();
        plot.Add.Bars(bars).Horizontal = true;

        var target = plot.Add.VerticalLine(1);
        target.LinePattern = LinePattern.Dashed;
        target.Color = Color.FromHex("#0f172a");
        plot.Axes.Left.SetTicks(
            [.. Enumerable.Range(0, rows.Count).Select(i => (double)i)],
            [.. rows.Select(r => $"{r.Id} {r.What}")]);
        plot.Axes.SetLimitsX(0, Cap + 0.3);
        return plot.GetImageBytes(900, 80 + 60 * Math.Max(rows.Count, 1), ImageFormat.Png);
    }
}
