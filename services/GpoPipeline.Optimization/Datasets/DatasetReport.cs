namespace GpoPipeline.Optimization.Datasets;

/// <summary>What <see cref="DatasetValidator"/> found: errors stop a run, warnings are shown.</summary>
public sealed record DatasetReport(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}
