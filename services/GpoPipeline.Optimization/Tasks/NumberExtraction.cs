using System.Globalization;
using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Tasks;

/// <summary>Number extraction of the normaliser (metrics.py L151-198; spec §5.3 step 5).</summary>
public static partial class NumberExtraction
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6",
        ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12",
    };

    /// <param name="text">Lower-cased reply after the answer cues were applied.</param>
    /// <param name="cued">True when an answer cue was found: take the first numeric token, else the last.</param>
    public static string Extract(string text, bool cued)
    {
        // Whole space-separated tokens only, as in the code: "five." stays a word.
        var parsed = string.Join(' ', text.Split(' ').Select(w => Words.GetValueOrDefault(w, w)));
        parsed = parsed[(parsed.LastIndexOf('=') + 1)..];
        foreach (var c in new[] { "$", ",", "%", "€", "£", ":" })
        {
            parsed = parsed.Replace(c, string.Empty, StringComparison.Ordinal);
        }

        var parts = parsed.Trim().Split(' ');
        var ordered = cued ? parts : parts.Reverse().ToArray();
        var token = ordered.FirstOrDefault(p => p.Any(char.IsDigit)) ?? ordered[0];
        while (token.Length > 0 && char.IsLetter(token[^1]))
        {
            token = token[..^1]; // '156kgs' -> '156'
        }

        if (token.EndsWith('-'))
        {
            token = token[..^1]; // '823-yard' -> '823'
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return Math.Round(value, MidpointRounding.ToEven).ToString("F0", CultureInfo.InvariantCulture);
        }

        return LastDigits().Match(token) is { Success: true } m ? m.Value : token;
    }

    [GeneratedRegex(@"\d+(?!.*\d)")]
    private static partial Regex LastDigits();
}
