using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>The pure state transition of a run document when a step's scores are complete.</summary>
public static class RunProgression
{
    public static void CloseStep(RunRecord run, StepRecord step, IReadOnlyDictionary<int, double> means, DateTime now)
    {
        foreach (var candidate in step.Candidates)
        {
            candidate.DevScore = means.GetValueOrDefault(candidate.Index);
        }

        step.Status = StepStatus.Completed;
        step.CompletedAt = now;

        if (step.Step > run.TotalSteps)
        {
            // Test evaluation: candidate 0 is the initial prompt, candidate 1 (if any) the best-dev prompt (spec §9).
            run.InitialTestScore = means.GetValueOrDefault(0);
            run.BestTestScore = step.Candidates.Count > 1 ? means.GetValueOrDefault(1) : run.InitialTestScore;
            run.Status = RunStatus.Completed;
            return;
        }

        run.Trajectory.Add(step.Step == 0
            ? new TrajectoryRecord { Step = 0, Prompt = step.Candidates[0].Prompt, DevScore = means.GetValueOrDefault(0) }
            : Pick(run, step));

        // Best-dev prompt is the one reported (spec §9 recommendation); ties keep the earliest.
        var best = run.Trajectory.OrderByDescending(t => t.DevScore).ThenBy(t => t.Step).First();
        run.BestPrompt = best.Prompt;
        run.BestDevScore = best.DevScore;

        if (step.Step < run.TotalSteps)
        {
            run.CurrentStep = step.Step + 1;
            run.Steps.Add(new StepRecord
            {
                Step = run.CurrentStep,
                Status = StepStatus.Generating,
                EditBudget = EditBudget.For(BudgetOptions(run), run.Trajectory.Count, run.TotalSteps),
                StartedAt = now,
            });
            return;
        }

        run.CurrentStep = run.TotalSteps + 1;
        var testCandidates = new List<CandidateRecord> { new() { Index = 0, Prompt = run.Trajectory[0].Prompt } };
        if (best.Step != 0)
        {
            testCandidates.Add(new CandidateRecord { Index = 1, Prompt = best.Prompt });
        }

        run.Steps.Add(new StepRecord { Step = run.CurrentStep, Status = StepStatus.Scoring, Candidates = testCandidates, StartedAt = now });
    }

    public static EditBudgetOptions BudgetOptions(RunRecord run) => new()
    {
        Schedule = Enum.Parse<BudgetSchedule>(run.Settings.Schedule, ignoreCase: true),
        Initial = run.Settings.InitialBudget,
        Minimum = run.Settings.MinimumBudget,
        WarmupSteps = run.Settings.WarmupSteps,
    };

    private static TrajectoryRecord Pick(RunRecord run, StepRecord step)
    {
        var trajectory = Trajectory.FromEntries(run.Trajectory.Select(t => new TrajectoryEntry(t.Prompt, t.DevScore, t.Step)));
        var picked = CandidateSelector.Select(
            [.. step.Candidates.Select(c => new ScoredCandidate(c.Index, c.Prompt, c.DevScore ?? 0))], trajectory)
            ?? throw new InvalidOperationException($"Step {step.Step} of run {run.Id} closed without candidates.");
        var record = step.Candidates.First(c => c.Index == picked.Index);
        return new TrajectoryRecord
        {
            Step = step.Step, Prompt = record.Prompt, DevScore = record.DevScore ?? 0,
            CandidateIndex = record.Index, EditBudget = step.EditBudget, EditDistance = record.EditDistance,
        };
    }
}
