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
            Label = $"{Figure(row.Ratio)} vs {Short(row.Target)}",
        }).ToList();
        plot.Add.Bars(bars).Horizontal = true;

        var target = plot.Add.VerticalLine(1);
        target.LinePattern = LinePattern.Dashed;
        target.Color = Color.FromHex("#0f172a");
        plot.Axes.Left.SetTicks(
            [.. Enumerable.Range(0, rows.Count).Select(i => (double)i)],
            [.. rows.Select(r => $"{r.Id} {r.What}")]);
        // Room right of the longest bar for its label (a cut-off label hid P8's target).
        plot.Axes.SetLimitsX(0, Cap + 1.2);
        return plot.GetImageBytes(1100, 80 + 60 * Math.Max(rows.Count, 1), ImageFormat.Png);
    }

    private static string Figure(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "N0" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>The target's first clause: the notes in results.md carry the rest.</summary>
    private static string Short(string target) => target.Split(", ")[0];
}
