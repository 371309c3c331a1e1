using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Significance;

/// <summary>
/// Paired bootstrap test for graded per-example scores (Koehn 2004; Efron &amp; Tibshirani 1993 §16): resample the
/// examples with replacement, keeping each example's pair together, and see how often the mean difference
/// (challenger − champion) falls on either side of zero. Two-sided p = 2·min(share ≤ 0, share ≥ 0), with the
/// usual +1 correction so a finite number of resamples never claims p = 0. Seeded, so a decision replays.
/// </summary>
public static class PairedBootstrap
{
    public const int DefaultResamples = 10_000;

    public static double TwoSidedP(IReadOnlyList<double> champion, IReadOnlyList<double> challenger, int resamples = DefaultResamples, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(challenger);
        if (champion.Count != challenger.Count)
        {
            throw new ArgumentException($"Paired scores need equal counts (champion {champion.Count}, challenger {challenger.Count}).", nameof(challenger));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var n = champion.Count;
        if (n == 0)
        {
            return 1.0;
        }

        var differences = new double[n];
        for (var i = 0; i < n; i++)
        {
            differences[i] = challenger[i] - champion[i];
        }

        var random = new SeededRandom(seed);
        int atMostZero = 0, atLeastZero = 0;
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += differences[random.Next(n)];
            }

            // Compare sums, not means: dividing by n adds rounding that could move an exact zero.
            if (sum <= 1e-12) atMostZero++;
            if (sum >= -1e-12) atLeastZero++;
        }

        var oneSided = (Math.Min(atMostZero, atLeastZero) + 1.0) / (resamples + 1.0);
        return Math.Min(1.0, 2 * oneSided);
    }
}
