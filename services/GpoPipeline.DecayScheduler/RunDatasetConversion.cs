using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.DecayScheduler;

/// <summary>Between the wire form of a dataset (<see cref="RunDataset"/>) and the algorithm's <see cref="TaskDataset"/>.</summary>
public static class RunDatasetConversion
{
    public static TaskDataset ToTaskDataset(RunDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Task is null || dataset.Splits is null)
        {
            throw new DatasetException("StartRun.Dataset needs Task and Splits.");
        }

        var splits = dataset.Splits.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<Example>)[.. (pair.Value ?? []).Select(ToExample)],
            StringComparer.Ordinal);
        return new TaskDataset(dataset.Task, splits);
    }

    public static RunDataset FromTaskDataset(TaskDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new RunDataset
        {
            Task = dataset.Task,
            Splits = dataset.Splits.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<ExampleData>)[.. pair.Value.Select(ToData)], StringComparer.Ordinal),
        };
    }

    public static ExampleData ToData(Example example, int index)
    {
        ArgumentNullException.ThrowIfNull(example);
        return new ExampleData { Index = index, Input = example.Input, References = example.References };
    }

    private static Example ToExample(ExampleData data, int index)
    {
        if (data is null || data.Input is null || data.References is not { Count: > 0 } references || references.Any(r => r is null))
        {
            throw new DatasetException($"StartRun.Dataset: example {index} needs an input and at least one reference.");
        }

        return new Example(data.Input, references) { Line = index + 1 };
    }
}
