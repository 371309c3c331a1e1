namespace GpoPipeline.Cli.Comparisons;

/// <summary>
/// GPO's relative gain over the best other method, as the paper computes it: (gain_GPO − gain_best) / gain_best,
/// each gain measured from the seed prompt's test score. Null when the best baseline did not beat the seed prompt.
/// </summary>
public sealed record GainResult(string Scope, string Name, double Gpo, double Seed, string BestBaseline, double BestBaselineScore, double? RelativeGain);
