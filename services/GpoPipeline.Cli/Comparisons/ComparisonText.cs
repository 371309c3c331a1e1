using System.Globalization;
using GpoPipeline.Optimization.Comparison;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>How the report writes its numbers, the same in the terminal and in comparison.md.</summary>
public static class ComparisonText
{
    public static string Score(double? score) => score is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s * 100:0.0}") : "-";

    public static string Interval(ScoreInterval? interval) => interval is null
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{interval.Mean * 100:0.0} [{interval.Low * 100:0.0}, {interval.High * 100:0.0}]");

    public static string Gain(double? ratio) => ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:+0.0;-0.0;0.0} %") : "n/a (best baseline did not beat the seed prompt)";

    public static string Number(double? value, string format = "0.#") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    public static string Cost(double cost) => string.Create(CultureInfo.InvariantCulture, $"${cost:0.0000}");
}
