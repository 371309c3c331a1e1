using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// What a closed step decided, for its span and log. Scores are fractions (0–1) of the split's examples.
/// Baseline: the initial prompt (candidate 0). Optimize: the candidate appended to the trajectory (spec §1.3.7).
/// Test: candidate 1 is the best-dev prompt, 0 the initial one when nothing beat it (spec §9).
/// </summary>
public sealed record StepResult(string Phase, double? BestScore, int SelectedCandidate, double? SelectedScore)
{
    public static StepResult Of(RunRecord run, StepRecord step)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        var phase = StepPhase.Of(step.Step, run.TotalSteps);
        var best = step.Candidates.Count == 0 ? (double?)null : step.Candidates.Max(c => c.DevScore ?? 0);
        return phase switch
        {
            StepPhase.Baseline => new StepResult(phase, best, 0, step.Candidates.FirstOrDefault()?.DevScore),
            StepPhase.Test => new StepResult(phase, best, step.Candidates.Count > 1 ? 1 : 0, run.BestTestScore),
            _ => run.Trajectory.LastOrDefault(t => t.Step == step.Step) is { } picked
                ? new StepResult(phase, best, picked.CandidateIndex ?? 0, picked.DevScore)
                : new StepResult(phase, best, -1, null),
        };
    }
}
