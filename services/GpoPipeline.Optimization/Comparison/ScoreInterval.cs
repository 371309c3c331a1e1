namespace GpoPipeline.Optimization.Comparison;

/// <summary>A mean score with its bootstrap confidence interval, all on the scale of the per-example scores.</summary>
public sealed record ScoreInterval(double Mean, double Low, double High, int Examples);
