using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Profiles;

/// <summary>
/// The prompts a run scores on the test split once its steps are done, one per distinct prompt text (a repeat
/// would only replay the same cached answers). Candidate index = the trajectory step of its first occurrence.
/// </summary>
public static class TestEvaluationPlan
{
    public static IReadOnlyList<TestPrompt> For(TestEvaluationRule rule, IReadOnlyList<TrajectoryEntry> trajectory, TrajectoryEntry bestDev)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(bestDev);
        var chosen = rule == TestEvaluationRule.SeedAndEverySelected ? trajectory : [trajectory[0], bestDev];
        return [.. chosen.DistinctBy(e => e.Prompt, StringComparer.Ordinal).Select(e => new TestPrompt(e.Step, e.Prompt))];
    }

    /// <summary>The test score of each trajectory step, from the scores of the distinct prompts (by candidate index).</summary>
    public static IReadOnlyList<double?> ScoresByStep(IReadOnlyList<TrajectoryEntry> trajectory, IReadOnlyList<TestPrompt> plan, IReadOnlyDictionary<int, double> scores)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(scores);
        return [.. trajectory.Select(e => plan.FirstOrDefault(p => string.Equals(p.Prompt, e.Prompt, StringComparison.Ordinal)) is { } p
            && scores.TryGetValue(p.CandidateIndex, out var score) ? score : (double?)null)];
    }
}
