using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>
/// Which split a step scores on and how it is cut into batches of <see cref="RunConfiguration.ExamplesPerScoreBatch"/>
/// (one ScoreBatch message each; <see cref="RunConfiguration.BatchSize"/> for a run stored before that existed). A step in
/// <see cref="StepStatus.ScoringMinibatch"/> scores its probes (the beam) on <see cref="Minibatch"/>: the train
/// examples the step drew (<see cref="StepRecord.MinibatchExamples"/>), addressed by their position in the draw.
/// </summary>
public static class StepSplits
{
    public const string Dev = "dev";
    public const string Test = "test";

    /// <summary>The step's training minibatch: example i is train[<see cref="StepRecord.MinibatchExamples"/>[i]].</summary>
    public const string Minibatch = "train-minibatch";

    public static string SplitOf(StepKind kind) => kind == StepKind.Test ? Test : Dev;

    public static int ExampleCount(RunRecord run, StepKind kind) => kind == StepKind.Test ? run.TestCount : run.DevCount;

    public static int BatchCount(RunRecord run, StepKind kind) => Count(ExampleCount(run, kind), BatchSize(run));

    public static int BatchSize(RunRecord run) =>
        run.Configuration is { ExamplesPerScoreBatch: > 0 } configuration ? configuration.ExamplesPerScoreBatch
        : run.Configuration?.BatchSize ?? run.Settings.BatchSize;

    /// <summary>Every (candidate × batch) of a step, in candidate then batch order.</summary>
    public static IReadOnlyList<BatchPlan> Batches(RunRecord run, StepRecord step) =>
        Plan(step.Candidates, SplitOf(step.Kind), ExampleCount(run, step.Kind), BatchSize(run));

    /// <summary>Every (probe × batch) of the step's training minibatch, in probe then batch order.</summary>
    public static IReadOnlyList<BatchPlan> MinibatchBatches(RunRecord run, StepRecord step) =>
        Plan(step.Probes, Minibatch, step.MinibatchExamples.Count, BatchSize(run));

    /// <summary>What the step's current phase scores: the minibatch while <see cref="StepStatus.ScoringMinibatch"/>, else its candidates.</summary>
    public static IReadOnlyList<BatchPlan> Planned(RunRecord run, StepRecord step) =>
        step.Status == StepStatus.ScoringMinibatch ? MinibatchBatches(run, step) : Batches(run, step);

    public static BatchPlan? Find(RunRecord run, StepRecord step, string split, int candidateIndex, int batchIndex)
    {
        var minibatch = split == Minibatch;
        var candidate = (minibatch ? step.Probes : step.Candidates).FirstOrDefault(c => c.Index == candidateIndex);
        var count = minibatch ? step.MinibatchExamples.Count : ExampleCount(run, step.Kind);
        var size = BatchSize(run);
        if (candidate is null || batchIndex < 0 || batchIndex >= Count(count, size))
        {
            return null;
        }

        var from = batchIndex * size;
        return new BatchPlan(candidateIndex, batchIndex, candidate.Prompt, minibatch ? Minibatch : SplitOf(step.Kind), from, Math.Min(count, from + size));
    }

    /// <summary>The batches of the step's current phase that have no recorded score yet.</summary>
    public static IReadOnlyList<BatchPlan> Missing(RunRecord run, StepRecord step, IEnumerable<BatchKey> recorded)
    {
        var done = recorded.Where(s => s.Step == step.Step).Select(s => (s.CandidateIndex, s.BatchIndex, s.Split)).ToHashSet();
        return [.. Planned(run, step).Where(b => !done.Contains((b.CandidateIndex, b.BatchIndex, b.Split)))];
    }

    private static int Count(int examples, int size) => (examples + size - 1) / size;

    private static List<BatchPlan> Plan(IEnumerable<CandidateRecord> prompts, string split, int count, int size)
    {
        var batches = new List<BatchPlan>();
        foreach (var candidate in prompts)
        {
            for (int from = 0, batch = 0; from < count; from += size, batch++)
            {
                batches.Add(new BatchPlan(candidate.Index, batch, candidate.Prompt, split, from, Math.Min(count, from + size)));
            }
        }

        return batches;
    }
}
