using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Comparison;

/// <summary>
/// Percentile bootstrap of a test score (issue 17: "the test score with its 95 % bootstrap interval"):
/// resample the per-example scores with replacement, take the mean of each resample, and read the 2.5th and
/// 97.5th percentiles with numpy's default linear interpolation. Seeded, so a report is reproducible.
/// </summary>
public static class BootstrapInterval
{
    /// <summary>The seed of the intervals a run's report and the web dashboard show, so both show the same interval.</summary>
    public const long DashboardSeed = 17;

    public static ScoreInterval Of(IReadOnlyList<double> exampleScores, long seed, int resamples = 1000, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(exampleScores);
        if (exampleScores.Count == 0)
        {
            throw new ArgumentException("A bootstrap interval needs at least one scored example.", nameof(exampleScores));
        }

        if (resamples < 1 || confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(resamples), $"Need resamples ≥ 1 and 0 < confidence < 1 (got {resamples}, {confidence}).");
        }

        var n = exampleScores.Count;
        var random = new SeededRandom(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++)
            {
                sum += exampleScores[random.Next(n)];
            }

            means[r] = sum / n;
        }

        Array.Sort(means);
        var tail = (1 - confidence) / 2;
        return new ScoreInterval(exampleScores.Average(), Percentile(means, tail), Percentile(means, 1 - tail), n);
    }

    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
