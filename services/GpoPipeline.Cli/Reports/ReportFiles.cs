using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Reports;

/// <summary>`gpo report`: report.html (self-contained) plus the charts as PNG files in one folder.</summary>
public static class ReportFiles
{
    public static async Task<string> WriteAsync(IRunStore store, RunRecord run, string folder, CancellationToken cancellationToken)
    {
        var data = await ReportData.ReadAsync(store, run, cancellationToken);
        var charts = new Dictionary<string, byte[]>
        {
            ["dev-score.png"] = ReportCharts.DevScores(data),
            ["budget.png"] = ReportCharts.Budget(data),
            ["candidates.png"] = ReportCharts.Candidates(data),
            ["test-score.png"] = ReportCharts.Test(data),
            ["spend.png"] = ReportCharts.Spend(data),
        };
        Directory.CreateDirectory(folder);
        foreach (var (name, png) in charts)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, name), png, cancellationToken);
        }

        var path = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(path, ReportHtml.Render(data, charts), cancellationToken);
        return path;
    }
}
