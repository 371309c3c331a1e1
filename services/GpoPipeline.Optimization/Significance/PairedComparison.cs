namespace GpoPipeline.Optimization.Significance;

/// <summary>
/// Decides whether a challenger prompt beats the champion on the same held-out examples (issue 12): exact McNemar
/// when every outcome is right/wrong (accuracy tasks), the paired bootstrap for graded metrics (ROUGE-L). A
/// promotion needs all three: the challenger ahead, p &lt; α, and an effect of at least the minimum (in points, 0–100).
/// </summary>
public static class PairedComparison
{
    public const string McNemarTest = "exact McNemar";
    public const string BootstrapTest = "paired bootstrap";

    public static ComparisonResult Compare(IReadOnlyList<double> champion, IReadOnlyList<double> challenger, double alpha, double minimumEffectPoints)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(challenger);
        if (champion.Count != challenger.Count)
        {
            throw new ArgumentException($"Paired scores need equal counts (champion {champion.Count}, challenger {challenger.Count}).", nameof(challenger));
        }

        var n = champion.Count;
        var championScore = n == 0 ? 0 : 100 * champion.Average();
        var challengerScore = n == 0 ? 0 : 100 * challenger.Average();
        var binary = champion.Concat(challenger).All(s => s is 0.0 or 1.0);
        double p;
        if (binary)
        {
            var championOnly = Enumerable.Range(0, n).Count(i => champion[i] == 1.0 && challenger[i] == 0.0);
            var challengerOnly = Enumerable.Range(0, n).Count(i => champion[i] == 0.0 && challenger[i] == 1.0);
            p = ExactMcNemar.TwoSidedP(championOnly, challengerOnly);
        }
        else
        {
            p = PairedBootstrap.TwoSidedP(champion, challenger);
        }

        var effect = challengerScore - championScore;
        var promote = n > 0 && effect > 0 && p < alpha && effect >= minimumEffectPoints;
        var shownP = p < 0.0001 ? "< 0.0001" : $"= {p:0.####}";
        var reason = n == 0 ? "no held-out examples were scored"
            : promote ? $"challenger better by {effect:0.##} points (p {shownP}, α = {alpha}, n = {n})"
            : effect <= 0 ? $"challenger not better ({effect:+0.##;-0.##;0} points, p {shownP}, n = {n})"
            : p >= alpha ? $"difference not significant (+{effect:0.##} points, p {shownP} ≥ α = {alpha}, n = {n})"
            : $"effect +{effect:0.##} points below the minimum of {minimumEffectPoints} (p {shownP}, n = {n})";
        return new ComparisonResult(binary ? McNemarTest : BootstrapTest, n, championScore, challengerScore, p, promote, reason);
    }
}
