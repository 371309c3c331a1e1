namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// One row of the results table: a ratio measured within one run, against its target. <see cref="Goal"/> is the
/// target as a number (null where the issue only asks for a report) and <see cref="LowerIsBetter"/> its direction.
/// </summary>
public sealed record ScenarioResult(
    string Id, string What, string Measured, double Ratio, string Target, bool? Met, string Notes,
    double? Goal = null, bool LowerIsBetter = false)
{
    /// <summary>
    /// How much of its target the scenario reached: 1 = exactly on target, above 1 = better than asked.
    /// A target of zero (nothing avoidable) is reached only by zero. Null where there is no numeric target.
    /// </summary>
    public double? Attainment => Goal switch
    {
        null => null,
        0 => Ratio == 0 ? 1 : 0,
        { } goal when LowerIsBetter => Ratio == 0 ? double.PositiveInfinity : goal / Ratio,
        { } goal => Ratio / goal,
    };
}
