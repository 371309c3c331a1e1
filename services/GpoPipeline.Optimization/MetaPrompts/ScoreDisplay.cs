namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>How dev scores are printed in the meta-prompt (spec §2.3).</summary>
public enum ScoreDisplay
{
    /// <summary>round(100·acc, 2), matching the "0 to 100" heading — a deliberate fix of the code (spec §2.3, §8.3).</summary>
    Percent,

    /// <summary>The code's raw, unrounded accuracy in [0, 1] (e.g. 0.4583333333333333).</summary>
    Raw,
}
