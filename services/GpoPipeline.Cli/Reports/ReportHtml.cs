using System.Globalization;
using System.Net;
using System.Text;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Reports;

/// <summary>The self-contained report page: inline CSS, charts embedded as data URIs, the full trajectory.</summary>
public static class ReportHtml
{
    private const string Style = """
        body{font-family:'DejaVu Sans',system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
        main{max-width:980px;margin:0 auto;padding:32px}
        h1{font-size:26px;margin:0 0 4px} h2{font-size:18px;margin:32px 0 8px}
        .sub{color:#475569;margin-bottom:16px}
        .notice{background:#fff7ed;border:1px solid #fdba74;color:#9a3412;padding:10px 14px;border-radius:8px;margin:12px 0}
        .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:16px 0}
        .card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:12px 14px}
        .card b{display:block;font-size:22px} .card span{color:#64748b;font-size:13px}
        img{display:block;max-width:100%;height:auto;margin:8px 0;background:#fff;border:1px solid #e2e8f0;border-radius:10px}
        table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
        th,td{border-bottom:1px solid #e2e8f0;padding:6px 8px;text-align:left;vertical-align:top}
        th{background:#f1f5f9} td.n{text-align:right;white-space:nowrap} .over{color:#c2410c}
        """;

    public static string Render(ReportData data, IReadOnlyDictionary<string, byte[]> charts)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(charts);
        var run = data.Run;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!doctype html><html><head><meta charset=\"utf-8\"><title>GPO run {run.Id}</title><style>{Style}</style></head><body><main>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>GPO run · {E(run.Task)}</h1><div class=\"sub\">run {run.Id} · status <b>{E(RunSummary.StatusText(run.Status))}</b> · {run.TotalSteps} steps × {run.Settings.Candidates} candidates · schedule {E(run.Settings.Schedule)} · retrieval {E(run.Settings.Retrieval)} (k={run.Settings.DirectionSize}) · dev {run.DevCount} / test {run.TestCount} examples · seed {run.Settings.Seed}</div>");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"sub\">{string.Join(" · ", RunFacts.Lines(run).Select(E))}</div>");
        if (data.Simulated)
        {
            html.Append("<div class=\"notice\">Scores come from the simulated LLM, a test instrument — not model quality.</div>");
        }

        if (run.FailureReason is { } reason)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"notice\">{E(reason)}</div>");
        }

        var totals = RunTotals.From(data.Usage);
        html.Append("<div class=\"cards\">");
        Card(html, Printer.Percent(run.Trajectory.FirstOrDefault()?.DevScore) + " → " + Printer.Percent(run.BestDevScore), "dev: initial → best");
        Card(html, Printer.Percent(run.InitialTestScore) + " → " + Printer.Percent(run.BestTestScore), "test: initial → best-dev prompt");
        Card(html, totals.Calls.ToString("N0", CultureInfo.InvariantCulture), "paid calls (" + Printer.HitsText(totals.CacheHits, totals.MemoHits) + ")");
        Card(html, totals.Tokens.ToString("N0", CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"tokens · ${totals.Cost:0.0000}"));
        html.Append("</div>");

        html.Append(CultureInfo.InvariantCulture, $"<h2>Best prompt</h2><table><tr><th>initial</th><td>{E(run.Settings.InitialPrompt)}</td></tr><tr><th>best (dev)</th><td>{E(run.BestPrompt ?? run.Settings.InitialPrompt)}</td></tr></table>");
        Image(html, "Dev score per step", charts, "dev-score.png");
        Image(html, null, charts, "test-score.png");
        Image(html, null, charts, "spend.png");
        Image(html, "Edit budget", charts, "budget.png");
        Image(html, "Candidates", charts, "candidates.png");

        html.Append("<h2>Trajectory</h2><table><tr><th>step</th><th>budget</th><th>edit</th><th>dev</th><th>prompt</th></tr>");
        foreach (var entry in run.Trajectory)
        {
            var over = entry.EditBudget is { } b && entry.EditDistance > b ? " class=\"n over\"" : " class=\"n\"";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"n\">{entry.Step}</td><td class=\"n\">{entry.EditBudget?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td{over}>{entry.EditDistance?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td><td class=\"n\">{Printer.Percent(entry.DevScore)}</td><td>{E(entry.Prompt)}</td></tr>");
        }

        html.Append("</table></main></body></html>");
        return html.ToString();
    }

    private static void Card(StringBuilder html, string value, string label) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><b>{E(value)}</b><span>{E(label)}</span></div>");

    private static void Image(StringBuilder html, string? heading, IReadOnlyDictionary<string, byte[]> charts, string name)
    {
        if (!charts.TryGetValue(name, out var png))
        {
            return;
        }

        if (heading is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(heading)}</h2>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<img alt=\"{E(name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
