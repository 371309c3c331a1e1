using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>What validation learned about a run: its task, step count and split sizes.</summary>
public sealed record RunPlan(string Task, string TaskKind, int TotalSteps, int DevCount, int TestCount)
{
    public RunRecord CreateRun(Guid runId, RunSettings settings, DateTime now, string? runTraceParent) => new()
    {
        Id = runId,
        Settings = settings,
        Task = Task,
        TaskKind = TaskKind,
        Status = RunStatus.Running,
        TotalSteps = TotalSteps,
        DevCount = DevCount,
        TestCount = TestCount,
        RunTraceParent = runTraceParent,
        CreatedAt = now,
        UpdatedAt = now,
        // Step 0 scores the initial prompt on the whole dev split (spec §1.1).
        Steps = [new StepRecord
        {
            Step = 0,
            Status = StepStatus.Scoring,
            Candidates = [new CandidateRecord { Index = 0, Prompt = settings.InitialPrompt, WithinBudget = true }],
            StartedAt = now,
        }],
    };
}
