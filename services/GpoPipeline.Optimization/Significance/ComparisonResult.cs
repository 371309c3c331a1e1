namespace GpoPipeline.Optimization.Significance;

/// <summary>The evidence of one champion/challenger decision; scores are 0–100 on the same n held-out examples.</summary>
public sealed record ComparisonResult(
    string Test, int ExampleCount, double ChampionScore, double ChallengerScore, double PValue, bool Promote, string Reason);
