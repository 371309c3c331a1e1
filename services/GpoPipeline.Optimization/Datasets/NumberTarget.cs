using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// The reference text of a number target (<c>"target": 42</c>). It has always been the number as .NET prints it
/// (42, 2.5, 3.50 → 3.5, 42.0 → 42, 1e2 → 100; a whole number always in digits, 1e21 → 1000000000000000000000), and that stays: the numeric scorer compares the whole number it reads
/// in a reply ("42") with this text, so a 42.0 (what a float column exports) kept as written would never score.
/// A double does not hold every number, though: 1e400 printed as Infinity, 1e-400 as 0 and 12345678901234567890 as
/// 1.2345678901234567E+19, a gold answer silently different from the one sent. So the printed text is used only when
/// it is the same number as the JSON text; otherwise the target is kept exactly as written.
/// </summary>
internal static partial class NumberTarget
{
    public static string Text(JsonElement number)
    {
        var written = number.GetRawText();
        var printed = number.TryGetInt64(out var whole) ? whole.ToString(CultureInfo.InvariantCulture)
            : number.TryGetDouble(out var value) && double.IsFinite(value) ? Printed(value)
            : null;
        return printed is not null && Exact(printed) is { } shown && shown == Exact(written) ? printed : written;
    }

    /// <summary>
    /// A whole number in digits, as the reply's number is printed (NumberExtraction: "F0", official metrics.py
    /// L190-194 "{:.0f}") and as Python's str prints a JSON integer (official gsm8k.py get_single_answer returns
    /// data["output"], eval_utils.py L371 compares str(true_answer)): 1e21 and 1000000000000000000000 give
    /// "1000000000000000000000", not "1E+21", which no reply's number could equal. Other numbers as .NET prints them.
    /// (Official str(1e21) of a JSON float is "1e+21" and never matches; we print the number, as for 42.0 → 42.)
    /// </summary>
    private static string Printed(double value) =>
        value == Math.Floor(value) && value != 0
            ? value.ToString("F0", CultureInfo.InvariantCulture)
            : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A decimal number as sign, significant digits and power of ten (3.50 → "+35e-1", 1E+2 → "+1e2", -0.0 → "0"), so
    /// that two texts of the same value compare equal; null for text that is not one (Infinity, an exponent past int).
    /// </summary>
    private static string? Exact(string number)
    {
        var parts = DecimalNumber().Match(number);
        if (!parts.Success || !int.TryParse(parts.Groups["exponent"].ValueSpan is { Length: > 0 } e ? e : "0", CultureInfo.InvariantCulture, out var exponent))
        {
            return null;
        }

        var digits = (parts.Groups["whole"].Value + parts.Groups["fraction"].Value).TrimStart('0');
        if (digits.Length == 0)
        {
            return "0";
        }

        var significant = digits.TrimEnd('0');
        var power = (long)exponent - parts.Groups["fraction"].Length + (digits.Length - significant.Length);
        return string.Create(CultureInfo.InvariantCulture, $"{(parts.Groups["minus"].Success ? '-' : '+')}{significant}e{power}");
    }

    [GeneratedRegex(@"^(?<minus>-)?(?<whole>[0-9]+)(?:\.(?<fraction>[0-9]+))?(?:[eE](?<exponent>[+-]?[0-9]+))?$")]
    private static partial Regex DecimalNumber();
}
