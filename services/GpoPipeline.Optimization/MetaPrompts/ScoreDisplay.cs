namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>How dev scores are printed in the meta-prompt (spec §2.3; issue 15 point 2).</summary>
public enum ScoreDisplay
{
    /// <summary>round(100·acc, 2), matching the "0 to 100" heading — a deliberate fix of the code (spec §2.3, §8.3).</summary>
    Percent,

    /// <summary>
    /// The code's raw accuracy in [0, 1]: unrounded in the trajectory block (e.g. 0.4583333333333333, k_update.py
    /// line 23), and round(acc, 2) in the no-trajectory template (optimize.py lines 771-772 feed
    /// generate_without_gradient.py line 59) — the official quirk kept by the paper profile.
    /// </summary>
    Raw,
}
