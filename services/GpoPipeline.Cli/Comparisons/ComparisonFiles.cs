using System.Text.Json;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>Writes comparison.md and comparison.json into the report folder.</summary>
public static class ComparisonFiles
{
    public static async Task<ComparisonReport> WriteAsync(ComparisonReport report, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        var markdown = Path.Combine(folder, "comparison.md");
        var json = Path.Combine(folder, "comparison.json");
        await File.WriteAllTextAsync(markdown, ComparisonMarkdown.Write(report), cancellationToken);
        report = report with { Markdown = markdown, Json = json };
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, ComparisonSpec.JsonOptions), cancellationToken);
        return report;
    }
}
