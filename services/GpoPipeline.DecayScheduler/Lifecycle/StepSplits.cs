using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>Which split a step scores on and how it is cut into batches of <see cref="RunConfiguration.BatchSize"/>.</summary>
public static class StepSplits
{
    public const string Dev = "dev";
    public const string Test = "test";

    public static string SplitOf(StepKind kind) => kind == StepKind.Test ? Test : Dev;

    public static int ExampleCount(RunRecord run, StepKind kind) => kind == StepKind.Test ? run.TestCount : run.DevCount;

    public static int BatchCount(RunRecord run, StepKind kind)
    {
        var size = BatchSize(run);
        return (ExampleCount(run, kind) + size - 1) / size;
    }

    public static int BatchSize(RunRecord run) => run.Configuration?.BatchSize ?? run.Settings.BatchSize;

    /// <summary>Every (candidate × batch) of a step, in candidate then batch order.</summary>
    public static IReadOnlyList<BatchPlan> Batches(RunRecord run, StepRecord step)
    {
        var split = SplitOf(step.Kind);
        var count = ExampleCount(run, step.Kind);
        var size = BatchSize(run);
        var batches = new List<BatchPlan>();
        foreach (var candidate in step.Candidates)
        {
            for (int from = 0, batch = 0; from < count; from += size, batch++)
            {
                batches.Add(new BatchPlan(candidate.Index, batch, candidate.Prompt, split, from, Math.Min(count, from + size)));
            }
        }

        return batches;
    }

    public static BatchPlan? Find(RunRecord run, StepRecord step, int candidateIndex, int batchIndex)
    {
        var candidate = step.Candidates.FirstOrDefault(c => c.Index == candidateIndex);
        var count = ExampleCount(run, step.Kind);
        var size = BatchSize(run);
        if (candidate is null || batchIndex < 0 || batchIndex >= BatchCount(run, step.Kind))
        {
            return null;
        }

        var from = batchIndex * size;
        return new BatchPlan(candidateIndex, batchIndex, candidate.Prompt, SplitOf(step.Kind), from, Math.Min(count, from + size));
    }

    /// <summary>The planned batches that have no recorded score yet.</summary>
    public static IReadOnlyList<BatchPlan> Missing(RunRecord run, StepRecord step, IEnumerable<BatchScoreRecord> recorded)
    {
        var done = recorded.Select(s => (s.CandidateIndex, s.BatchIndex, s.Split)).ToHashSet();
        return [.. Batches(run, step).Where(b => !done.Contains((b.CandidateIndex, b.BatchIndex, b.Split)))];
    }
}
