namespace GpoPipeline.Optimization.Strategies;

/// <summary>How a strategy is named in settings and reports, the paper it follows and the parameters it uses.</summary>
public sealed record StrategyInfo(string Name, string Paper, IReadOnlyDictionary<string, string> Parameters);
