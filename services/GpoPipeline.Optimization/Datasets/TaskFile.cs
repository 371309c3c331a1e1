using System.Text.Json;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// The optional <c>task.json</c> next to a user's data, declaring the kind when the targets cannot
/// tell it: <c>{ "kind": "boolean" }</c> (multiple_choice, boolean, numeric, dyck_languages, word_sorting, generation).
/// </summary>
public static class TaskFile
{
    public const string FileName = "task.json";

    private static readonly Dictionary<string, TaskKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["multiple_choice"] = TaskKind.MultipleChoice, ["boolean"] = TaskKind.Boolean, ["numeric"] = TaskKind.Numeric,
        ["dyck_languages"] = TaskKind.DyckLanguages, ["word_sorting"] = TaskKind.WordSorting, ["generation"] = TaskKind.Generation,
    };

    public static TaskKind ParseKind(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String)
            {
                if (!JsonText.TryGetText(kind, out var name, out var unpaired))
                {
                    throw new DatasetException(source, 0, $"field \"kind\" {JsonText.Refusal(unpaired)}");
                }

                if (Kinds.TryGetValue(name, out var parsed))
                {
                    return parsed;
                }
            }
        }
        catch (JsonException e)
        {
            throw new DatasetException(source, 0, $"invalid JSON ({JsonErrorText.Describe(e)}).", e);
        }

        throw new DatasetException(source, 0, $"expected {{ \"kind\": \"...\" }} with one of: {string.Join(", ", Kinds.Keys)}.");
    }
}
