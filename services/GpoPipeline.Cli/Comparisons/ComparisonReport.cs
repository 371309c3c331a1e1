namespace GpoPipeline.Cli.Comparisons;

/// <summary>Everything `gpo compare` reports (issue 17), as printed, written to comparison.md and printed with --json.</summary>
public sealed record ComparisonReport(
    Guid Id, bool Simulated, string? Notice, string TaskModel, string OptimizerModel, IReadOnlyList<string> Methods,
    IReadOnlyList<CellResult> Cells, IReadOnlyList<SuiteResult> Suites, IReadOnlyList<GainResult> Gains, IReadOnlyList<MethodTotals> Totals)
{
    public string? Markdown { get; init; }
    public string? Json { get; init; }
}
