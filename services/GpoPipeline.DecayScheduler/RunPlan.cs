using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.DecayScheduler;

/// <summary>What validation learned about a run: its parsed configuration, dataset, step count and split sizes.</summary>
public sealed record RunPlan(RunConfiguration Configuration, TaskDataset Dataset, int TotalSteps, int DevCount, int TestCount);
