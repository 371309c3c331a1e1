using System.Globalization;
using System.Text.Json;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// Pure JSONL parsing (data/README.md "Line schema"): one object per line with a string
/// <c>input</c> and a <c>target</c> that is a string, a number or a list of strings. Blank lines are skipped.
/// </summary>
public static class JsonlParser
{
    public static IReadOnlyList<Example> Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var examples = new List<Example>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                examples.Add(ParseLine(line, source, number));
            }
        }

        return examples.Count > 0 ? examples
            : throw new DatasetException(source, 0, "the file has no examples; expected one JSON object per line with \"input\" and \"target\".");
    }

    public static IReadOnlyList<Example> Parse(string text, string source) => Parse(new StringReader(text), source);

    private static Example ParseLine(string line, string source, int number)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new DatasetException(source, number, $"invalid JSON ({JsonErrorText.Describe(e)}).", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new DatasetException(source, number, $"expected a JSON object, found {Describe(root.ValueKind)}.");
            }

            var input = Field(root, "input", source, number);
            if (input.ValueKind != JsonValueKind.String)
            {
                throw new DatasetException(source, number, $"field \"input\" must be a string, found {Describe(input.ValueKind)}.");
            }

            var text = input.GetString()!;
            var references = References(Field(root, "target", source, number), source, number);
            if (text.Length > ExampleLimits.DefaultMaxChars || references.Any(r => r.Length > ExampleLimits.DefaultMaxChars))
            {
                var (field, length) = text.Length > ExampleLimits.DefaultMaxChars ? ("input", text.Length) : ("target", references.Max(r => r.Length));
                throw new DatasetException(source, number, string.Create(CultureInfo.InvariantCulture,
                    $"field \"{field}\" has {length:N0} characters; the scorers take at most {ExampleLimits.DefaultMaxChars:N0} (Limits:MaxExampleChars)."));
            }

            return new Example(text, references) { Line = number, Source = source };
        }
    }

    private static JsonElement Field(JsonElement root, string name, string source, int number) =>
        root.TryGetProperty(name, out var value) ? value
            : throw new DatasetException(source, number, $"missing field \"{name}\".");

    private static List<string> References(JsonElement target, string source, int number)
    {
        switch (target.ValueKind)
        {
            case JsonValueKind.String:
                return [target.GetString()!];
            case JsonValueKind.Number:
                return [target.TryGetInt64(out var i) ? i.ToString(CultureInfo.InvariantCulture) : target.GetDouble().ToString(CultureInfo.InvariantCulture)];
            case JsonValueKind.Array when target.GetArrayLength() > 0 && target.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String):
                return target.EnumerateArray().Select(e => e.GetString()!).ToList();
            default:
                throw new DatasetException(source, number,
                    $"field \"target\" must be a string, a number or a non-empty list of strings, found {Describe(target.ValueKind)}.");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a list (or a list with non-string items)",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => "a number",
        JsonValueKind.String => "a string",
        _ => kind.ToString(),
    };
}
