using System.Text.Json;

namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>One line of a split: the question and its gold answer (first reference for list targets).</summary>
public sealed record Example(string Input, string Target)
{
    public static IReadOnlyList<Example> Load(string path) =>
    [
        .. File.ReadLines(path).Where(l => l.Length > 0).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var target = doc.RootElement.GetProperty("target");
            var gold = target.ValueKind switch
            {
                JsonValueKind.Array => target[0].GetString()!,
                JsonValueKind.String => target.GetString()!,
                _ => target.GetRawText(),
            };
            return new Example(doc.RootElement.GetProperty("input").GetString()!, gold);
        }),
    ];
}
