using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// Strings read out of JSON a user sent. An escape of an unpaired UTF-16 surrogate (<c>"\ud800"</c>, or a
/// <c>\udc00</c> with no <c>\ud8xx</c> right before it) is valid JSON syntax but no text: System.Text.Json parses it,
/// then <see cref="JsonElement.GetString"/> (also a property name, a JsonNode value) throws InvalidOperationException,
/// which reached users as an HTTP 500 or the CLI's "unexpected error". These name the escape, so that the caller can
/// refuse it with its file, line and field like any other bad value.
/// </summary>
public static class JsonText
{
    /// <summary>What every refusal of an unpaired surrogate says after naming where it is.</summary>
    public static string Refusal(string escape) =>
        $"holds an unpaired surrogate ({escape}), which is not text; expected valid Unicode (a \\ud800-\\udbff escape must be followed by a \\udc00-\\udfff one).";

    /// <summary>
    /// The text of a JSON string, or false with <paramref name="unpaired"/> the escape as written (e.g. <c>\ud800</c>)
    /// when it holds an unpaired surrogate.
    /// </summary>
    public static bool TryGetText(JsonElement value, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? unpaired)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ArgumentException($"Expected a JSON string, found {value.ValueKind}.", nameof(value));
        }

        try
        {
            (text, unpaired) = (value.GetString()!, null);
            return true;
        }
        catch (InvalidOperationException)
        {
            // A string value throws here for nothing but text that is not valid UTF-16.
            (text, unpaired) = (null, FirstUnpairedSurrogate(value.GetRawText()) ?? "a \\u escape");
            return false;
        }
    }

    /// <summary>A property's name, or false with <paramref name="unpaired"/> the escape as written when it holds an unpaired surrogate.</summary>
    public static bool TryGetName(JsonProperty property, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out string? unpaired)
    {
        try
        {
            (name, unpaired) = (property.Name, null);
            return true;
        }
        catch (InvalidOperationException)
        {
            // The property's raw text starts with its name, so the first unpaired escape in it is the name's.
            (name, unpaired) = (null, FirstUnpairedSurrogate(property.ToString()) ?? "a \\u escape");
            return false;
        }
    }

    /// <summary>The first unpaired surrogate escape in JSON text (a document, or one value's raw text); null when there is none.</summary>
    public static string? FirstUnpairedSurrogate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        for (var at = json.IndexOf('\\', StringComparison.Ordinal); at >= 0 && at < json.Length - 1; at = json.IndexOf('\\', at))
        {
            if (Unit(json, at) is not { } unit)
            {
                at += 2; // "\\", "\n", …: the character after the backslash is not the start of another escape
                continue;
            }

            var paired = char.IsHighSurrogate(unit) && Unit(json, at + 6) is { } next && char.IsLowSurrogate(next);
            if (char.IsSurrogate(unit) && !paired)
            {
                return json.Substring(at, 6);
            }

            at += paired ? 12 : 6;
        }

        return null;
    }

    /// <summary>The UTF-16 unit of the <c>\uXXXX</c> escape at <paramref name="at"/>, if one is there.</summary>
    private static char? Unit(string json, int at) =>
        at + 6 <= json.Length && json[at] == '\\' && json[at + 1] == 'u'
            && ushort.TryParse(json.AsSpan(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var unit)
            ? (char)unit
            : null;
}
