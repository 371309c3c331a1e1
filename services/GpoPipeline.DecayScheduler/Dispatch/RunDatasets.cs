using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>
/// A run's splits in the store, content-addressed by SHA-256 (DESIGN §3): a dataset shared by many runs is stored
/// once, and a split read back is checked against its hash. Splits are immutable, so they are cached per process.
/// </summary>
public sealed class RunDatasets(IRunStore store)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<Example>>>> loaded = new(StringComparer.Ordinal);

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

        var lazy = loaded.GetOrAdd(hash, h => new Lazy<Task<IReadOnlyList<Example>>>(() => LoadAsync(h)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            loaded.TryRemove(hash, out _);
            throw;
        }
    }

    private async Task<IReadOnlyList<Example>> LoadAsync(string hash)
    {
        var content = await store.GetContentAsync(hash, CancellationToken.None)
            ?? throw new InvalidOperationException($"Dataset split {hash} is missing from the store.");
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), hash, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Dataset split {hash} in the store does not match its hash (corrupt content).");
        }

        var stored = JsonSerializer.Deserialize<List<StoredExample>>(content) ?? [];
        return [.. stored.Select((e, i) => new Example(e.Input, e.References) { Line = i + 1 })];
    }

    private sealed record StoredExample(string Input, string[] References);
}
