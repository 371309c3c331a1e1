using System.Text.Json;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.SimulatedLlm.Data;

/// <summary>Reads one <c>&lt;benchmark&gt;/&lt;task&gt;/&lt;split&gt;.jsonl</c>; a bad line fails with file, line and what was expected.</summary>
public static class SplitFileReader
{
    public static IEnumerable<KnownExample> Read(string root, string file)
    {
        var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
        var (benchmark, task) = parts.Length >= 3 ? (parts[^3], parts[^2]) : ("unknown", Path.GetFileNameWithoutExtension(file));
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return Parse(line, benchmark, task, $"{file}:{lineNumber}");
            }
        }
    }

    private static KnownExample Parse(string line, string benchmark, string task, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{where}: field 'input' must be a string.");
            }

            if (!root.TryGetProperty("target", out var target))
            {
                throw new InvalidDataException($"{where}: field 'target' is missing (expected a string, number or list of strings).");
            }

            var isList = target.ValueKind == JsonValueKind.Array;
            IReadOnlyList<string> targets = isList ? [.. target.EnumerateArray().Select(e => Text(e, "target", where))] : [Text(target, "target", where)];
            if (targets.Count == 0)
            {
                throw new InvalidDataException($"{where}: field 'target' is an empty list.");
            }

            return new KnownExample(benchmark, task, Text(input, "input", where), targets, AnswerKinds.Infer(task, targets, isList));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{where}: not a JSON object ({ex.Message}).", ex);
        }
    }

    private static string Text(JsonElement value, string field, string where) =>
        value.ValueKind != JsonValueKind.String ? value.GetRawText()
            : JsonText.TryGetText(value, out var text, out var unpaired) ? text
            : throw new InvalidDataException($"{where}: field '{field}' {JsonText.Refusal(unpaired)}");
}
