namespace GpoPipeline.Api.Triggers;

/// <summary>The verdict of one score check: the champion's score on the newest examples against its recorded score.</summary>
/// <param name="Reference">The champion's recorded score (0–100); null: none yet, this check becomes the reference.</param>
public sealed record ScoreDropVerdict(double Observed, double? Reference, double Threshold, int ExampleCount)
{
    /// <summary>Points lost since the recorded score (negative: it improved).</summary>
    public double? Drop => Reference - Observed;

    /// <summary>"Drops by more than the threshold" (issue 12): a drop of exactly the threshold does not re-optimize.</summary>
    /// <remarks>
    /// Scores are fractions of examples scaled to points, which doubles do not hold exactly: 100 × 28/50 is
    /// 56.00000000000001, so a drop of exactly 10 to 100 × 23/50 came out a hair over 10. The drop is compared with
    /// that noise rounded off, far below any score difference (1 example in a million is 0.0001 points).
    /// </remarks>
    public bool Dropped => Drop is { } drop && Math.Round(drop - Threshold, 9) > 0;

    public string Describe(int championVersion) => Reference is { } reference
        ? $"champion v{championVersion} scored {Observed:0.##} on the newest {ExampleCount} labelled examples vs {reference:0.##} recorded " +
          $"(drop {Drop:0.##} points, threshold {Threshold:0.##})"
        : $"champion v{championVersion} scored {Observed:0.##} on the newest {ExampleCount} labelled examples; it had no recorded score, so this is its reference";
}
