namespace GpoPipeline.Optimization.Significance;

/// <summary>
/// The exact McNemar test for paired right/wrong outcomes (McNemar 1947; exact binomial form). Only discordant
/// pairs carry evidence: b = champion right and challenger wrong, c = the reverse. Under "no difference" c is
/// Binomial(b + c, 1/2); the two-sided p-value is 2·P(X ≤ min(b, c)), capped at 1.
/// </summary>
public static class ExactMcNemar
{
    public static double TwoSidedP(int championOnly, int challengerOnly)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(championOnly);
        ArgumentOutOfRangeException.ThrowIfNegative(challengerOnly);
        var n = championOnly + challengerOnly;
        if (n == 0)
        {
            return 1.0;
        }

        var tail = 0.0;
        var logChoose = 0.0; // log C(n, 0)
        var logHalfPowerN = n * Math.Log(0.5);
        for (var i = 0; i <= Math.Min(championOnly, challengerOnly); i++)
        {
            if (i > 0)
            {
                logChoose += Math.Log(n - i + 1) - Math.Log(i);
            }

            // Log space: 0.5^n underflows a double beyond n ≈ 1074 discordant pairs.
            tail += Math.Exp(logChoose + logHalfPowerN);
        }

        return Math.Min(1.0, 2 * tail);
    }
}
