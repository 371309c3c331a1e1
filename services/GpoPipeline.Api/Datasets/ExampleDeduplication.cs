using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Datasets;

/// <summary>
/// A task's examples are distinct: the same example sent again (a retried append, a file uploaded twice) is counted
/// once. Counted twice it was a second, dependent pair in the champion's McNemar test, whose n and p it bent (the API
/// audit: 71 repeated held-out examples in n = 193). The same input with another label is another example, kept as it
/// is: benchmarks hold such pairs (BBH causal_judgement has two).
/// </summary>
public static class ExampleDeduplication
{
    /// <returns>The examples of <paramref name="incoming"/> that are new, in order, and how many were there already.</returns>
    public static (List<DatasetExample> Fresh, int Duplicates) Fresh(IReadOnlyList<DatasetExample> existing, IReadOnlyList<DatasetExample> incoming)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(incoming);
        var seen = existing.Select(Key).ToHashSet(StringComparer.Ordinal);
        var fresh = incoming.Where(example => seen.Add(Key(example))).ToList();
        return (fresh, incoming.Count - fresh.Count);
    }

    // Input and labels as one string, each part length-prefixed so no two different examples share a key.
    private static string Key(DatasetExample example) =>
        string.Concat(new[] { example.Input }.Concat(example.References).Select(part => $"{part.Length}:{part}"));
}
