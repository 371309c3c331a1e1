using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>A task with the splits found on disk (split name → examples).</summary>
public sealed record TaskDataset(TaskDefinition Task, IReadOnlyDictionary<string, IReadOnlyList<Example>> Splits)
{
    /// <summary>The examples of a split; a missing split is a <see cref="DatasetException"/> naming what exists.</summary>
    public IReadOnlyList<Example> this[string split] => Splits.TryGetValue(split, out var examples) ? examples
        : throw new DatasetException(
            $"Task '{Task.Benchmark}/{Task.Name}' has no '{split}' split (expected {split}.jsonl); found: {(Splits.Count == 0 ? "none" : string.Join(", ", Splits.Keys))}.");
}
