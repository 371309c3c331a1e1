using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// A run's splits in the store, content-addressed by SHA-256 (DESIGN §3): a dataset shared by many runs is stored
/// once, and a split read back is checked against its hash. Splits are immutable, so the parsed ones are kept in the
/// process, up to <paramref name="cacheBytes"/> of stored content (least recently used out first): continuous
/// optimization stores new dataset versions for as long as the scheduler runs, and each is a new hash.
/// </summary>
/// <param name="cacheBytes">Stored bytes of the splits kept parsed (their examples take about twice that in memory);
/// a split bigger than this is still kept while it is the most recently read one (alone: the others go first), so the
/// replies of its step do not read and parse it from the store again; the next split read lets it go.</param>
public sealed class RunDatasets(IRunStore store, long cacheBytes = RunDatasets.DefaultCacheBytes)
{
    /// <summary>64 MiB of stored splits: hundreds of the bundled tasks' splits (tens of KB each).</summary>
    public const long DefaultCacheBytes = 64L * 1024 * 1024;

    /// <summary>Loads in flight and splits kept; what is kept is bounded by <see cref="recency"/>.</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<Example>>>> loaded = new(StringComparer.Ordinal);
    private readonly SplitRecency<Lazy<Task<IReadOnlyList<Example>>>> recency = new(cacheBytes);

    /// <returns>Split name → SHA-256 of the stored split.</returns>
    public async Task<IReadOnlyDictionary<string, string>> StoreAsync(TaskDataset dataset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (split, examples) in dataset.Splits)
        {
            var content = JsonSerializer.SerializeToUtf8Bytes(examples.Select(e => new StoredExample(e.Input, [.. e.References])).ToList());
            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            await store.StoreContentAsync(hash, content, cancellationToken);
            hashes[split] = hash;
        }

        return hashes;
    }

    /// <summary>
    /// The examples a batch of <paramref name="step"/> indexes into: the split, or for the step's training minibatch
    /// (<see cref="Lifecycle.StepSplits.Minibatch"/>) the train examples it drew, in the order drawn.
    /// </summary>
    public async Task<IReadOnlyList<Example>> BatchExamplesAsync(RunRecord run, StepRecord step, string split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!string.Equals(split, Lifecycle.StepSplits.Minibatch, StringComparison.Ordinal))
        {
            return await SplitAsync(run, split, cancellationToken);
        }

        var train = await SplitAsync(run, Optimization.Datasets.Split.Train, cancellationToken);
        return [.. step.MinibatchExamples.Select(i => train[i])];
    }

    public async Task<IReadOnlyList<Example>> SplitAsync(RunRecord run, string split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!run.DatasetSplits.TryGetValue(split, out var hash))
        {
            throw new InvalidOperationException($"Run {run.Id} has no stored '{split}' split (stored: {string.Join(", ", run.DatasetSplits.Keys)}).");
        }

        var lazy = loaded.GetOrAdd(hash, NewLoad);
        recency.Touch(hash);
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            loaded.TryRemove(KeyValuePair.Create(hash, lazy)); // the next read tries the store again
            throw;
        }
    }

    private Lazy<Task<IReadOnlyList<Example>>> NewLoad(string hash)
    {
        Lazy<Task<IReadOnlyList<Example>>>? load = null;
        load = new(() => LoadAndKeepAsync(hash, load!));
        return load;
    }

    /// <summary>Reads the split and counts it against the bound in the load itself, so a caller that stops waiting
    /// (cancelled) cannot leave a split kept and uncounted.</summary>
    private async Task<IReadOnlyList<Example>> LoadAndKeepAsync(string hash, Lazy<Task<IReadOnlyList<Example>>> load)
    {
        var (examples, bytes) = await LoadAsync(hash);
        foreach (var (evicted, kept) in recency.Add(hash, bytes, load))
        {
            // That very load only: the split may be loading again under its hash (asked for after it went), and that
            // load is counted when it finishes.
            loaded.TryRemove(KeyValuePair.Create(evicted, kept));
        }

        return examples;
    }

    private async Task<(IReadOnlyList<Example> Examples, long Bytes)> LoadAsync(string hash)
    {
        var content = await store.GetContentAsync(hash, CancellationToken.None)
            ?? throw new InvalidOperationException($"Dataset split {hash} is missing from the store.");
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), hash, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Dataset split {hash} in the store does not match its hash (corrupt content).");
        }

        var stored = JsonSerializer.Deserialize<List<StoredExample>>(content) ?? [];
        return ([.. stored.Select((e, i) => new Example(e.Input, e.References) { Line = i + 1 })], content.LongLength);
    }

    private sealed record StoredExample(string Input, string[] References);
}
