using System.Globalization;

namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>Formats a dev score for the meta-prompt, culture-independent, like Python prints floats.</summary>
public static class ScoreText
{
    /// <summary>A score in the trajectory block ("Below are the previous prompts with their scores").</summary>
    public static string Format(double accuracy, ScoreDisplay display) =>
        display == ScoreDisplay.Raw ? PythonFloat.Repr(accuracy) : Percent(accuracy);

    /// <summary>
    /// The current prompt's score in the no-trajectory template: the code passes round(acc, 2) there
    /// (optimize.py lines 771-772), while the trajectory block gets the unrounded value.
    /// </summary>
    public static string FormatCurrentOnly(double accuracy, ScoreDisplay display) =>
        display == ScoreDisplay.Raw ? PythonFloat.Repr(PythonFloat.Round(accuracy, 2)) : Percent(accuracy);

    // Spec §2.3: round(100·acc, 2); "0.0#" prints 50.0, 45.8 and 45.83 as Python would.
    private static string Percent(double accuracy) =>
        PythonFloat.Round(100 * accuracy, 2).ToString("0.0#", CultureInfo.InvariantCulture);
}
