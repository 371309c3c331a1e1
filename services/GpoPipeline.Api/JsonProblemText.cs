using System.Text.Json;
using System.Text.RegularExpressions;

namespace GpoPipeline.Api;

/// <summary>
/// A request body System.Text.Json could not read, said in the API's words: the field and what it expects, instead of
/// .NET type names ("could not be converted to System.Collections.Generic.List`1[System.String]").
/// </summary>
public static partial class JsonProblemText
{
    public static string Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var at = string.IsNullOrEmpty(error.Path) || error.Path == "$" ? "the body" : $"field '{error.Path.TrimStart('$', '.')}' ({error.Path})";
        if (UnknownMember().Match(error.Message) is { Success: true } unknown)
        {
            return $"Unknown field '{unknown.Groups["name"].Value}'{Where(error)}; see the OpenAPI document for the fields this request takes.";
        }

        if (Duplicate().Match(error.Message) is { Success: true } duplicate)
        {
            return $"Field '{duplicate.Groups["name"].Value}' is given more than once{Where(error)}; give each field once.";
        }

        if (ConvertedTo().Match(error.Message) is { Success: true } converted)
        {
            return $"The value of {at} must be {Expected(FieldType(converted.Groups["type"].Value, error.Path))}{Position(error)}.";
        }

        return $"The body is not valid JSON{Position(error)}: {ProblemResponses.OneLine(error.Message)}";
    }

    /// <summary>
    /// The type the field at <paramref name="path"/> takes. For a record read through its constructor the serializer
    /// names the record, not the field ("converted to …TaskSettingsRequest. Path: $.settings.steps"): the field's own type
    /// is then read from the record's property of that name.
    /// </summary>
    private static string FieldType(string named, string? path)
    {
        var field = path?.Split('.').LastOrDefault()?.Split('[')[0];
        var record = named.StartsWith("GpoPipeline.", StringComparison.Ordinal) ? typeof(JsonProblemText).Assembly.GetType(named) : null;
        var property = record is null || string.IsNullOrEmpty(field) ? null
            : record.GetProperties().FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        return property?.PropertyType.ToString() ?? named;
    }

    private static string Expected(string type) => type switch
    {
        _ when type.StartsWith("System.Nullable`1[", StringComparison.Ordinal) => Expected(type["System.Nullable`1[".Length..^1]) + " or null",
        _ when type.Contains("List`1[System.String]", StringComparison.Ordinal) || type.Contains("String[]", StringComparison.Ordinal) => "a list of strings",
        _ when type.Contains("List`1[", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "a list",
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Guid" => "a UUID string",
        "System.DateTime" or "System.DateTimeOffset" => "an ISO 8601 date-time string",
        "System.TimeSpan" => "a duration string like 01:30:00",
        _ when type.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object",
        _ => "an object with the fields the OpenAPI document lists",
    };

    private static string Where(JsonException error) =>
        string.IsNullOrEmpty(error.Path) || error.Path == "$" ? string.Empty : $" at {error.Path}";

    private static string Position(JsonException error) =>
        error.LineNumber is { } line && error.BytePositionInLine is { } column ? $" (line {line + 1}, position {column + 1})" : string.Empty;

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\. Path:", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"^Duplicate property '(?<name>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex Duplicate();
}
