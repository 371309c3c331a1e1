using GpoPipeline.Trajectories;

namespace GpoPipeline.Api.Champions;

/// <summary>
/// The per-example held-out outcomes of a finished run: its final evaluation scores candidate 0 (the initial
/// prompt, which is the champion) and candidate 1 (the best-dev prompt, the challenger) on the same test examples
/// (RunProgression; spec §9), none of which any run selects on (<see cref="Datasets.HeldOutSplit"/>).
/// </summary>
public static class HeldOutOutcomes
{
    public static (List<double> Champion, List<double> Challenger, string? ChallengerPrompt)? From(RunRecord run, IReadOnlyList<BatchScoreRecord> testScores)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(testScores);
        var step = run.Steps.LastOrDefault(s => s.Step == run.TotalSteps + 1);
        if (step is null)
        {
            return null;
        }

        var champion = Outcomes(testScores, 0);
        var challengerPrompt = step.Candidates.FirstOrDefault(c => c.Index == 1)?.Prompt;
        // No candidate 1: the best dev prompt was the initial one, so the challenger is the champion itself.
        var challenger = challengerPrompt is null ? champion : Outcomes(testScores, 1);
        if (champion is null || challenger is null || champion.Count != challenger.Count)
        {
            return null;
        }

        return (champion, challenger, challengerPrompt);
    }

    private static List<double>? Outcomes(IReadOnlyList<BatchScoreRecord> scores, int candidate)
    {
        var batches = scores.Where(s => s.CandidateIndex == candidate && s.Split == "test").OrderBy(s => s.BatchIndex).ToList();
        // A batch without per-example scores came from a scorer that predates them: no paired test is possible.
        return batches.Count == 0 || batches.Any(b => b.ExampleScores.Count != b.Total) ? null : batches.SelectMany(b => b.ExampleScores).ToList();
    }
}
