namespace GpoPipeline.Optimization.Profiles;

/// <summary>Which prompts are scored on the test split.</summary>
public enum TestEvaluationRule
{
    /// <summary>The seed and the best-dev prompt (the one the run reports), spec §9.</summary>
    SeedAndBestDev,

    /// <summary>The official code: the seed and every step's selected prompt (optimize.py lines 463 and 989).</summary>
    SeedAndEverySelected,
}
