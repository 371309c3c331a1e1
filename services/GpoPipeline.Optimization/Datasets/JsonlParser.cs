using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// Pure JSONL parsing (data/README.md "Line schema"): one object per line with a non-blank string <c>input</c> and a
/// <c>target</c> that is a non-blank string, a number or a list of non-blank strings; each field at most once. Files and
/// uploads arrive as bytes: UTF-8, or UTF-16 or UTF-32 that starts with its byte order mark (a bad byte is refused with
/// its line, never replaced; so is a \u escape of half a surrogate pair). A number target keeps its value exactly
/// (<see cref="NumberTarget"/>). Blank lines are skipped.
/// </summary>
public static class JsonlParser
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// A file's or an upload's bytes: every line must be valid UTF-8 (a leading byte order mark is allowed), unless the
    /// bytes start with a UTF-16 or UTF-32 byte order mark: then every line must be valid in that encoding.
    /// </summary>
    public static IReadOnlyList<Example> Parse(ReadOnlySpan<byte> bytes, string source)
    {
        var examples = new List<Example>();
        var number = 0;
        if (ByteOrderMarkEncoding.Of(bytes) is { } encoding)
        {
            // Split on '\n' alone, as the UTF-8 bytes are: a line has the same number whatever the file was saved as.
            foreach (var text in encoding.Decode(bytes, source).Split('\n'))
            {
                Add(examples, text, source, ++number);
            }

            return Checked(examples, source);
        }

        var start = bytes.StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        while (start < bytes.Length)
        {
            number++;
            var length = bytes[start..].IndexOf((byte)'\n');
            var line = length < 0 ? bytes[start..] : bytes[start..(start + length)];
            Add(examples, Decode(line, start, source, number), source, number);
            start += line.Length + 1;
        }

        return Checked(examples, source);
    }

    /// <summary>Text already decoded (in memory, tests).</summary>
    public static IReadOnlyList<Example> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var examples = new List<Example>();
        var number = 0;
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            Add(examples, line, source, ++number);
        }

        return Checked(examples, source);
    }

    private static void Add(List<Example> examples, string line, string source, int number)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            examples.Add(ParseLine(line, source, number));
        }
    }

    private static List<Example> Checked(List<Example> examples, string source) => examples.Count > 0 ? examples
        : throw new DatasetException(source, 0, "the file has no examples; expected one JSON object per line with \"input\" and \"target\".");

    private static string Decode(ReadOnlySpan<byte> line, int lineStart, string source, int number)
    {
        // A NUL byte is valid UTF-8 but never in a JSONL line (JSON escapes it): it is UTF-16 or UTF-32 saved without
        // its byte order mark, which the JSON error ("'0x00' is invalid …") would not tell.
        if (line.IndexOf((byte)0) is var nul and >= 0)
        {
            throw new DatasetException(source, number, string.Create(CultureInfo.InvariantCulture,
                $"a NUL byte (byte {nul + 1} of the line, byte {lineStart + nul + 1:N0} of the file): the file looks like UTF-16 or UTF-32 saved without a byte order mark; expected UTF-8, or UTF-16/UTF-32 that starts with its byte order mark."))
            { NotUtf8 = true };
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, line.Length));
        try
        {
            var status = Utf8.ToUtf16(line, chars, out var read, out var written, replaceInvalidSequences: false);
            return status == OperationStatus.Done ? new string(chars, 0, written)
                : throw new DatasetException(source, number, string.Create(CultureInfo.InvariantCulture,
                    $"not valid UTF-8 text (byte {read + 1} of the line, byte {lineStart + read + 1:N0} of the file); expected the file saved as UTF-8."))
                { NotUtf8 = true };
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

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

            RefuseDuplicateFields(root, source, number);
            var input = Field(root, "input", source, number);
            if (input.ValueKind != JsonValueKind.String)
            {
                throw new DatasetException(source, number, $"field \"input\" must be a string, found {Describe(input.ValueKind)}.");
            }

            var text = Text(input, "field \"input\"", source, number);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new DatasetException(source, number, "field \"input\" is empty; expected the question text.");
            }

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

    /// <summary>JsonDocument keeps both of <c>{"input":"a","input":"b"}</c> and a lookup silently takes one.</summary>
    private static void RefuseDuplicateFields(JsonElement root, string source, int number)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!JsonText.TryGetName(property, out var name, out var unpaired))
            {
                throw new DatasetException(source, number, $"a field name {JsonText.Refusal(unpaired)}");
            }

            if (!seen.Add(name))
            {
                throw new DatasetException(source, number, $"field \"{Printable(name)}\" appears more than once; expected each field once.");
            }
        }
    }

    private static JsonElement Field(JsonElement root, string name, string source, int number) =>
        root.TryGetProperty(name, out var value) ? value
            : throw new DatasetException(source, number, $"missing field \"{name}\".");

    private static List<string> References(JsonElement target, string source, int number)
    {
        if (target.ValueKind == JsonValueKind.Array && target.GetArrayLength() > ExampleLimits.MaxReferences)
        {
            throw new DatasetException(source, number, string.Create(CultureInfo.InvariantCulture,
                $"field \"target\" is a list of {target.GetArrayLength():N0} items; an example takes at most {ExampleLimits.MaxReferences:N0} gold answers."));
        }

        List<string> references = target.ValueKind switch
        {
            JsonValueKind.String => [Text(target, "field \"target\"", source, number)],
            JsonValueKind.Number => [NumberTarget.Text(target)],
            JsonValueKind.Array when target.GetArrayLength() > 0 && target.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                target.EnumerateArray().Select((e, i) => Text(e, $"field \"target\" item {i + 1}", source, number)).ToList(),
            _ => throw new DatasetException(source, number,
                $"field \"target\" must be a string, a number or a non-empty list of strings, found {Describe(target.ValueKind)}."),
        };
        var blank = references.FindIndex(string.IsNullOrWhiteSpace);
        return blank < 0 ? references
            : throw new DatasetException(source, number, target.ValueKind == JsonValueKind.Array
                ? $"field \"target\" has an empty item (item {blank + 1}); expected every gold answer to have text."
                : "field \"target\" is empty; expected the gold answer.");
    }

    /// <summary>A string field's text; an unpaired surrogate escape is refused naming the line and field (it threw a 500).</summary>
    private static string Text(JsonElement value, string field, string source, int number) =>
        JsonText.TryGetText(value, out var text, out var unpaired) ? text
            : throw new DatasetException(source, number, $"{field} {JsonText.Refusal(unpaired)}");

    private static string Printable(string name)
    {
        var shown = name.Length > 40 ? name[..40] + "…" : name;
        var builder = new StringBuilder(shown.Length);
        foreach (var c in shown)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
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
