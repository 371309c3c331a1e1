using GpoPipeline.Optimization.Comparison;
using ScottPlot;

namespace GpoPipeline.Cli.Reports;

/// <summary>The report's charts (ScottPlot, rendered headless to PNG).</summary>
public static class ReportCharts
{
    public const int Width = 900;
    public const int Height = 380;
    private static readonly Color Accent = Color.FromHex("#2563eb");
    private static readonly Color Muted = Color.FromHex("#94a3b8");
    private static readonly Color Warm = Color.FromHex("#ea580c");

    /// <summary>Dev score per step with the selected prompt annotated, and the best so far.</summary>
    public static byte[] DevScores(ReportData data)
    {
        var plot = NewPlot("Dev score per step (selected prompt)", "step", "dev score (%)");
        var entries = data.Run.Trajectory;
        var xs = entries.Select(e => (double)e.Step).ToArray();
        var ys = entries.Select(e => e.DevScore * 100).ToArray();
        var picked = plot.Add.Scatter(xs, ys, Accent);
        picked.LegendText = "selected prompt";
        picked.MarkerSize = 8;
        var best = ys.Select((_, i) => ys.Take(i + 1).Max()).ToArray();
        var bestLine = plot.Add.Scatter(xs, best, Warm);
        bestLine.LegendText = "best so far";
        bestLine.LinePattern = LinePattern.Dashed;
        bestLine.MarkerSize = 0;
        // Each point gets its score, centred above it, and the axes leave room for the first and last label: prompt
        // words at an angle overlapped and were cut off at the edges (issue 18). The prompts are in the trajectory table.
        foreach (var entry in entries)
        {
            var label = plot.Add.Text(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{entry.DevScore * 100:0.#}"), entry.Step, entry.DevScore * 100);
            label.LabelFontSize = 13;
            label.LabelFontColor = Color.FromHex("#334155");
            label.LabelAlignment = Alignment.LowerCenter;
            label.OffsetY = -8;
        }

        plot.Axes.SetLimitsX(-0.5, Math.Max(1, xs.DefaultIfEmpty(0).Max()) + 0.5);
        plot.Axes.SetLimitsY(0, 112);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The edit budget of each step against the edit distance of the prompt picked there.</summary>
    public static byte[] Budget(ReportData data)
    {
        var plot = NewPlot("Edit budget vs edit distance of the picked prompt", "step", "words");
        var steps = data.Run.Steps.Where(s => s.Step >= 1 && s.Step <= data.Run.TotalSteps && s.EditBudget is not null).ToList();
        if (steps.Count > 0)
        {
            var budget = plot.Add.Scatter(steps.Select(s => (double)s.Step).ToArray(), steps.Select(s => (double)s.EditBudget!.Value).ToArray(), Muted);
            budget.LegendText = "budget (cosine decay)";
            budget.LineWidth = 2;
        }

        var picked = data.Run.Trajectory.Where(t => t.EditDistance is not null).ToList();
        if (picked.Count > 0)
        {
            var distance = plot.Add.ScatterPoints(picked.Select(t => (double)t.Step).ToArray(), picked.Select(t => (double)t.EditDistance!.Value).ToArray(), Accent);
            distance.LegendText = "edit distance of the picked prompt";
            distance.MarkerSize = 9;
        }

        plot.Axes.SetLimitsY(0, Math.Max(55, picked.Select(t => t.EditDistance ?? 0).DefaultIfEmpty(0).Max() + 5));
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Every candidate's dev score per step: how wide each step explored.</summary>
    public static byte[] Candidates(ReportData data)
    {
        var plot = NewPlot("Candidate dev scores per step", "step", "dev score (%)");
        var points = data.Run.Steps.Where(s => s.Step >= 1 && s.Step <= data.Run.TotalSteps)
            .SelectMany(s => s.Candidates.Where(c => c.DevScore is not null)
                .Select(c => (X: s.Step + ((c.Index % 7) - 3) * 0.04, Y: c.DevScore!.Value * 100))).ToList();
        if (points.Count > 0)
        {
            var scatter = plot.Add.ScatterPoints(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), Muted);
            scatter.LegendText = "candidate";
            scatter.MarkerSize = 7;
        }

        var picked = data.Run.Trajectory.Where(t => t.Step >= 1).ToList();
        if (picked.Count > 0)
        {
            var chosen = plot.Add.ScatterPoints(picked.Select(t => (double)t.Step).ToArray(), picked.Select(t => t.DevScore * 100).ToArray(), Accent);
            chosen.LegendText = "selected";
            chosen.MarkerSize = 10;
        }

        plot.Axes.SetLimitsY(0, 105);
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Initial vs final prompt on the test split, with bootstrap 95 % intervals.</summary>
    public static byte[] Test(ReportData data)
    {
        var plot = NewPlot("Test score (95 % bootstrap CI)", string.Empty, "test score (%)");
        var rows = new List<(string Label, double Score, ScoreInterval? Interval, Color Color)>();
        if (data.Run.InitialTestScore is { } initial)
        {
            rows.Add(("initial", initial, data.TestInterval(0), Muted));
        }

        if (data.Run.BestTestScore is { } best)
        {
            rows.Add(("best", best, data.TestInterval(data.BestTestCandidate), Accent));
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var bar = plot.Add.Bar(i, rows[i].Score * 100);
            bar.Color = rows[i].Color;
            if (rows[i].Interval is { } ci)
            {
                // ScottPlot draws symmetric bars: use the wider side so the interval is never understated.
                var half = Math.Max(rows[i].Score - ci.Low, ci.High - rows[i].Score) * 100;
                var error = plot.Add.ErrorBar([(double)i], [rows[i].Score * 100], [half]);
                error.Color = Color.FromHex("#0f172a");
            }
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, rows.Count).Select(i => (double)i)], [.. rows.Select(r => r.Label)]);
        plot.Axes.SetLimitsY(0, 105);
        return plot.GetImageBytes(Width / 2, Height, ImageFormat.Png);
    }

    /// <summary>
    /// Model calls per step and role (cost when prices are set), the initial prompt's scoring and the test evaluation
    /// named on the axis. Rendered at the page's full width with the legend below the bars, so no bar hides under it
    /// and no text is scaled down (issue 18: 5 px text, the test bar under the legend).
    /// </summary>
    public static byte[] Spend(ReportData data)
    {
        var useCost = data.Usage.Sum(u => u.Cost) > 0;
        var plot = NewPlot(useCost ? "Spend per step" : "Paid model calls per step", string.Empty, useCost ? "cost ($)" : "calls");
        var roles = data.Usage.Select(u => u.Role).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
        var palette = new[] { Accent, Warm, Muted };
        var width = 0.8 / Math.Max(1, roles.Count);
        for (var r = 0; r < roles.Count; r++)
        {
            var usage = data.Usage.Where(u => u.Role == roles[r]).ToList();
            var xs = usage.Select(u => u.Step + (r - (roles.Count - 1) / 2.0) * width).ToArray();
            var ys = usage.Select(u => useCost ? u.Cost : u.Calls).ToArray();
            var bars = plot.Add.Bars(xs, ys);
            bars.Color = palette[r % palette.Length];
            foreach (var bar in bars.Bars)
            {
                bar.Size = width * 0.95;
            }

            bars.LegendText = roles[r];
        }

        var last = Math.Max(data.Run.TotalSteps + 1, data.Usage.Select(u => u.Step).DefaultIfEmpty(0).Max());
        plot.Axes.Bottom.SetTicks(
            [.. Enumerable.Range(0, last + 1).Select(i => (double)i)],
            [.. Enumerable.Range(0, last + 1).Select(i => i == 0 ? "initial" : i > data.Run.TotalSteps ? "test" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Axes.SetLimitsX(-0.6, last + 0.6);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Bottom);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 13;
        plot.Axes.Bottom.Label.Text = x;
        plot.Axes.Left.Label.Text = y;
        plot.Grid.MajorLineColor = Color.FromHex("#e2e8f0");
        if (x == "step")
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1); // steps are whole numbers
        }

        return plot;
    }
}
