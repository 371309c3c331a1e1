using System.Globalization;

namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>Formats a dev score for the meta-prompt, culture-independent, like Python prints floats.</summary>
public static class ScoreText
{
    public static string Format(double accuracy, ScoreDisplay display)
    {
        if (display == ScoreDisplay.Raw)
        {
            var raw = accuracy.ToString("R", CultureInfo.InvariantCulture);
            return raw.Contains('.', StringComparison.Ordinal) || raw.Contains('E', StringComparison.Ordinal) ? raw : raw + ".0";
        }

        // Spec §2.3: round(100·acc, 2); "0.0#" prints 50.0, 45.8 and 45.83 as Python would.
        return Math.Round(100 * accuracy, 2, MidpointRounding.ToEven).ToString("0.0#", CultureInfo.InvariantCulture);
    }
}
