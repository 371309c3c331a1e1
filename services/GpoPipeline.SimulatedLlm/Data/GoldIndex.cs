using System.Collections.Concurrent;

namespace GpoPipeline.SimulatedLlm.Data;

/// <summary>Every line of every split under the data roots, by exact <c>input</c> text. Loaded once per set of roots.</summary>
public sealed class GoldIndex
{
    private static readonly ConcurrentDictionary<string, Lazy<GoldIndex>> Cache = new();

    private GoldIndex(Dictionary<string, KnownExample> byInput)
    {
        ByInput = byInput;
        Examples = [.. byInput.Values];
    }

    public static GoldIndex Empty { get; } = new([]);

    public IReadOnlyDictionary<string, KnownExample> ByInput { get; }

    public IReadOnlyList<KnownExample> Examples { get; }

    public static GoldIndex For(IReadOnlyList<string> roots) =>
        roots.Count == 0 ? Empty : Cache.GetOrAdd(string.Join(';', roots), _ => new Lazy<GoldIndex>(() => Load(roots))).Value;

    public KnownExample? Find(string input) => ByInput.GetValueOrDefault(input);

    private static GoldIndex Load(IReadOnlyList<string> roots)
    {
        var byInput = new Dictionary<string, KnownExample>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            if (File.Exists(root))
            {
                // A user's single .jsonl dataset (`gpo sim --data my_task.jsonl`), known by the same input texts the run sends.
                foreach (var example in SplitFileReader.Read(Path.GetDirectoryName(root)!, root))
                {
                    byInput.TryAdd(example.Input, example);
                }

                continue;
            }

            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException($"Setting 'Simulator:DataRoot' is invalid: '{root}' does not exist (expected a .jsonl file or a folder of .jsonl files).");
            }

            var files = Directory.EnumerateFiles(root, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
            foreach (var example in files.SelectMany(file => SplitFileReader.Read(root, file)))
            {
                byInput.TryAdd(example.Input, example);
            }
        }

        return new GoldIndex(byInput);
    }
}
