namespace GpoPipeline.Cli.Reports;

/// <summary>
/// Percentile bootstrap 95 % interval of a mean score. Accuracy batches are rebuilt as per-example 1/0
/// outcomes (k correct of n); continuous scores (ROUGE-L) are resampled by batch. Seeded: same input, same interval.
/// </summary>
public static class BootstrapInterval
{
    public static (double Low, double High) Of(IReadOnlyList<(double Score, int Total)> batches, int resamples = 2000, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var units = ExampleOutcomes(batches) ?? batches.Where(b => b.Total > 0).Select(b => b.Score / b.Total).ToList();
        if (units.Count == 0)
        {
            return (0, 0);
        }

        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < units.Count; i++)
            {
                sum += units[random.Next(units.Count)];
            }

            means[r] = sum / units.Count;
        }

        Array.Sort(means);
        return (means[(int)(0.025 * (resamples - 1))], means[(int)(0.975 * (resamples - 1))]);
    }

    private static List<double>? ExampleOutcomes(IReadOnlyList<(double Score, int Total)> batches)
    {
        if (batches.Any(b => Math.Abs(b.Score - Math.Round(b.Score)) > 1e-9))
        {
            return null; // not 1/0 accuracy: keep batches as the unit
        }

        var outcomes = new List<double>();
        foreach (var (score, total) in batches)
        {
            var correct = (int)Math.Round(score);
            outcomes.AddRange(Enumerable.Repeat(1.0, correct));
            outcomes.AddRange(Enumerable.Repeat(0.0, total - correct));
        }

        return outcomes;
    }
}
