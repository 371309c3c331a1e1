using GpoPipeline.Trajectories;

namespace GpoPipeline.Api.Champions;

/// <summary>
/// The per-example held-out outcomes of a finished run: its final evaluation scores candidate 0 (the initial
/// prompt, which is the champion) and the best-dev prompt (the challenger) on the same test examples
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
        // Test candidates are indexed by the trajectory step that first selected their prompt (RunLifecycle): the
        // challenger is the best-dev prompt's candidate, found by its text. None: the best dev prompt was the
        // initial one, so the challenger is the champion itself.
        var best = step.Candidates.FirstOrDefault(c => c.Index != 0 && c.Prompt == run.BestPrompt);
        var challengerPrompt = best?.Prompt;
        var challenger = best is null ? champion : Outcomes(testScores, best.Index);
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
