namespace GpoPipeline.Optimization.Paper;

/// <summary>
/// The paper's "additional improvement" of GPO over a baseline (spec §6.2, verified against Table 5):
/// (gain_GPO − gain_B) / gain_B, each gain measured from the seed prompt's score (CoT in the paper).
/// </summary>
public static class RelativeGain
{
    /// <returns>The ratio (0.568 for 56.8 %), or null when the baseline did not improve on the reference,
    /// where the ratio means nothing.</returns>
    public static double? Of(double gpo, double baseline, double reference)
    {
        var baselineGain = baseline - reference;
        return baselineGain <= 0 ? null : ((gpo - reference) - baselineGain) / baselineGain;
    }

    /// <summary>The gain over the strongest baseline, the one the paper quotes ("up to 56.8 % on BBH").</summary>
    /// <returns>The best baseline's name and the ratio (null as in <see cref="Of"/>); null when there are no baselines.</returns>
    public static (string Baseline, double? Gain)? OverBest(double gpo, double reference, IReadOnlyDictionary<string, double> baselines)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        if (baselines.Count == 0)
        {
            return null;
        }

        var best = baselines.OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal).First();
        return (best.Key, Of(gpo, best.Value, reference));
    }
}
