using System.Text;
using System.Text.Json;
using GpoPipeline.Testing;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>JSONL bodies for uploads: the shipped navigate examples (the simulator knows their answers).</summary>
public static class Jsonl
{
    public static IReadOnlyList<string> NavigateLines { get; } =
        new[] { "train", "dev", "test" }.SelectMany(split => File.ReadAllLines(Path.Combine(RepoPaths.Task("bbh", "navigate"), split + ".jsonl")))
            .Where(l => l.Length > 0).ToList();

    public static StringContent Body(IEnumerable<string> lines) => new(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/jsonl");

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
