using System.Text.Json;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.Optimization.Paper;

/// <summary>
/// The paper's reported numbers, read from the text of data/paper/gpo-reported.json (the caller reads the
/// file). A malformed file gives one <see cref="FormatException"/> naming the row and field.
/// </summary>
public sealed class ReportedResults
{
    private static readonly string[] TextFields = ["table", "column", "row", "suite", "task", "optimizer", "scorer", "setting"];

    private ReportedResults(IReadOnlyList<ReportedScore> rows) => Rows = rows;

    public IReadOnlyList<ReportedScore> Rows { get; }

    public static ReportedResults Parse(string json, string source = "gpo-reported.json")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json ?? string.Empty);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{source}: expected an object with a \"rows\" array.");
            }

            return new ReportedResults(rows.EnumerateArray().Select((row, i) => Row(row, i + 1, source)).ToList());
        }
    }

    /// <summary>The cells of one table row and column group, e.g. Table 5's BBH column for every method.</summary>
    public IReadOnlyList<ReportedScore> Where(string table, string column) =>
        Rows.Where(r => r.Table == table && r.Column == column).ToList();

    /// <summary>The reported score of a method under the same suite, task and models, when the paper has one.</summary>
    public ReportedScore? Find(string method, string suite, string task, string optimizer, string scorer, string setting = "I") =>
        Rows.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.Suite == suite && r.Task == task
            && string.Equals(r.Optimizer, optimizer, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Scorer, scorer, StringComparison.OrdinalIgnoreCase) && r.Setting == setting);

    private static ReportedScore Row(JsonElement row, int number, string source)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{source}: row {number} is not an object.");
        }

        var text = TextFields.ToDictionary(f => f, f => Text(row, f, number, source), StringComparer.Ordinal);
        if (!row.TryGetProperty("score", out var score) || score.ValueKind != JsonValueKind.Number || !score.TryGetDouble(out var value)
            || value < 0 || value > 100)
        {
            throw new FormatException($"{source}: row {number}: field \"score\" must be a number from 0 to 100 (percent).");
        }

        string? method = row.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? StringValue(m, "method", number, source) : null;
        return new ReportedScore(text["table"], text["column"], text["row"], method, text["suite"], text["task"],
            text["optimizer"], text["scorer"], text["setting"], value);
    }

    private static string Text(JsonElement row, string field, int number, string source) =>
        row.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && StringValue(value, field, number, source) is { Length: > 0 } s
            ? s
            : throw new FormatException($"{source}: row {number}: field \"{field}\" must be a non-empty string.");

    private static string StringValue(JsonElement value, string field, int number, string source) =>
        JsonText.TryGetText(value, out var text, out var unpaired) ? text
            : throw new FormatException($"{source}: row {number}: field \"{field}\" {JsonText.Refusal(unpaired)}");
}
