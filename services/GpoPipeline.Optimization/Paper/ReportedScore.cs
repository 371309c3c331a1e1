namespace GpoPipeline.Optimization.Paper;

/// <summary>
/// One cell of the GPO paper's result tables (data/paper/gpo-reported.json), in percent. <see cref="Method"/>
/// names a StrategyCatalog entry (or empty / cot / sgdm) when the row is exactly that configuration, else null.
/// </summary>
public sealed record ReportedScore(
    string Table, string Column, string Row, string? Method, string Suite, string Task, string Optimizer, string Scorer, string Setting, double Score);
