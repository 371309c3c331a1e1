using GpoPipeline.Contracts;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>One method on one task: a run of its own, with the settings every cell shares.</summary>
public sealed record ComparisonCell(string Task, string Suite, string Method, Guid RunId, StartRun Start, ComparisonBudget Budget, int Steps)
{
    public long Calls => Budget.CallsFor(Steps);
}
