using GpoPipeline.Contracts;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>One method on one task: a run of its own, with the settings every cell shares.</summary>
public sealed record ComparisonCell(string Task, string Suite, string Method, Guid RunId, StartRun Start, ComparisonBudget Budget, int Steps)
{
    /// <summary>The --calls budget every method of the comparison shares; null when none was given.</summary>
    public long? CallBudget { get; init; }

    /// <summary>The shared budget, or without one the calls the planned steps take.</summary>
    public long Calls => CallBudget ?? Budget.CallsFor(Steps);
}
