using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization;

/// <summary>Reads option values as people write them in settings ("cosine", "relevance", "Q_end").</summary>
public static class OptionNames
{
    /// <exception cref="ArgumentException">The value is not a name of <typeparamref name="TEnum"/>; the message lists the valid ones.</exception>
    public static TEnum Parse<TEnum>(string? value, string setting)
        where TEnum : struct, Enum
    {
        var normalised = (value ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        // One defined name: Enum.TryParse also takes numbers and comma lists ("QBegin,ABegin", "none, fixed, linear"),
        // whose values it combines into one no setting means (a position nothing places the prompt at, a schedule the
        // user did not name).
        if (!string.IsNullOrWhiteSpace(normalised) && !int.TryParse(normalised, out _) && !normalised.Contains(',', StringComparison.Ordinal)
            && Enum.TryParse<TEnum>(normalised, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        throw new ArgumentException(
            $"{setting} '{value}' is not valid; expected one of: {string.Join(", ", Names<TEnum>())}.", setting);
    }

    /// <summary>Q_end, Q_begin, A_begin (the code's flag values, spec §8) or QEnd, QBegin, ABegin.</summary>
    public static PromptPosition ParsePosition(string? value) => Parse<PromptPosition>(value, "PromptPosition");

    /// <summary>The name <see cref="Names{TEnum}"/> lists for <paramref name="value"/>: how a setting is stored and shown,
    /// whichever spelling <see cref="Parse{TEnum}"/> read ("q-begin" is stored as "Q_begin").</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Names<TEnum>().ElementAt(Array.IndexOf(Enum.GetValues<TEnum>(), value));

    public static IEnumerable<string> Names<TEnum>()
        where TEnum : struct, Enum =>
        typeof(TEnum) == typeof(PromptPosition)
            ? ["Q_end", "Q_begin", "A_begin"]
            : Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant());
}
