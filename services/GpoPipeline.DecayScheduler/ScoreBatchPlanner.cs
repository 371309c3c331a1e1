using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// The (candidate × batch) work of a step: every candidate on examples [0, n) of the step's split in
/// batches of <see cref="RunSettings.BatchSize"/>. Messages reference examples by range (DESIGN §2).
/// </summary>
public static class ScoreBatchPlanner
{
    public const string DevSplit = "dev";
    public const string TestSplit = "test";

    public static string SplitOf(RunRecord run, int step) => step > run.TotalSteps ? TestSplit : DevSplit;

    public static IReadOnlyList<ScoreBatch> Plan(RunRecord run, StepRecord step)
    {
        var split = SplitOf(run, step.Step);
        var count = split == TestSplit ? run.TestCount : run.DevCount;
        var size = run.Settings.BatchSize;
        var batches = new List<ScoreBatch>();
        foreach (var candidate in step.Candidates)
        {
            for (int from = 0, batch = 0; from < count; from += size, batch++)
            {
                batches.Add(new ScoreBatch
                {
                    RunId = run.Id,
                    Step = step.Step,
                    CandidateIndex = candidate.Index,
                    BatchIndex = batch,
                    Prompt = candidate.Prompt,
                    DataPath = run.Settings.DataPath,
                    Task = run.Task,
                    Split = split,
                    From = from,
                    To = Math.Min(count, from + size),
                });
            }
        }

        return batches;
    }

    /// <summary>The planned batches that have no recorded score yet.</summary>
    public static IReadOnlyList<ScoreBatch> Missing(RunRecord run, StepRecord step, IReadOnlyList<BatchScoreRecord> recorded)
    {
        var done = recorded.Select(s => (s.CandidateIndex, s.BatchIndex, s.Split)).ToHashSet();
        return Plan(run, step).Where(b => !done.Contains((b.CandidateIndex, b.BatchIndex, b.Split))).ToList();
    }
}
