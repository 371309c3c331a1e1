using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.DecayScheduler;

/// <summary>What validation learned about a run: its parsed configuration, dataset, step count and split sizes.</summary>
public sealed record RunPlan(RunConfiguration Configuration, TaskDataset Dataset, int TotalSteps, int DevCount, int TestCount)
{
    /// <summary>
    /// The configuration a run of this plan records: the parsed settings with what the dataset's task adds. The task's
    /// kind and boolean words are part of every memoized answer's key, so whoever predicts those keys starts from here.
    /// </summary>
    public RunConfiguration RecordedConfiguration => Configuration with
    {
        TaskBenchmark = Dataset.Task.Benchmark,
        TaskKind = Dataset.Task.Kind,
        BooleanWords = Dataset.Task.BooleanWords is { } words ? [words.Positive, words.Negative] : null,
    };
}
