namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>One row of the results table: a ratio measured within one run, against its target.</summary>
public sealed record ScenarioResult(string Id, string What, string Measured, double Ratio, string Target, bool? Met, string Notes);
