using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Contracts;

/// <summary>
/// A task's examples as the submitter read and validated them: split name → examples. The scheduler stores
/// each split content-addressed (SHA-256), so no worker ever needs the submitter's files.
/// </summary>
public sealed record RunDataset
{
    /// <summary>Benchmark, name, scoring kind (and boolean words) as the submitter resolved them.</summary>
    public required TaskDefinition Task { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<ExampleData>> Splits { get; init; }
}
