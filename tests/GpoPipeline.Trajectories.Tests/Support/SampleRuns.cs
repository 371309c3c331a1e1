using GpoPipeline.Contracts;

namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>Run documents with every kind of field set to a non-default value, so a field that fails to round-trip shows.</summary>
public static class SampleRuns
{
    /// <summary>Millisecond precision: both stores keep BSON dates, which have no finer resolution.</summary>
    public static DateTime At(int minute) => new(2025, 3, 4, 5, minute, 7, 891, DateTimeKind.Utc);

    public static RunRecord New(int trajectoryLength = 3, DateTime? createdAt = null) => new()
    {
        Id = Guid.NewGuid(),
        Settings = new RunSettings
        {
            DataPath = "data/bbh/navigate",
            Task = "navigate",
            InitialPrompt = "Think it through.",
            Epochs = 2,
            Steps = 7,
            Candidates = 4,
            Schedule = "linear",
            InitialBudget = 40,
            MinimumBudget = 5,
            WarmupSteps = 1,
            EnforceBudget = true,
            Retrieval = "recency",
            DirectionSize = 2,
            PromptPosition = "A_begin",
            Refinement = "edit",
            FormatExamples = 1,
            BatchSize = 16,
            Seed = 42,
            MaxDevExamples = 30,
            MaxTestExamples = 50,
            TaskModel = "task-model",
            OptimizerModel = "optimizer-model",
            MaxCost = 1.25,
            MaxCalls = 900,
            MaxTokens = 1_000_000,
        },
        Configuration = new RunConfiguration
        {
            Retrieval = new RetrievalSettings { Strategy = Optimization.Direction.RetrievalStrategy.Recency, K = 2, Order = Optimization.Direction.DirectionOrder.PaperAscending },
            EditBudget = new Optimization.Budget.EditBudgetOptions { Schedule = Optimization.Budget.BudgetSchedule.Linear, Initial = 40, Minimum = 5, WarmupSteps = 1 },
            Refinement = Optimization.MetaPrompts.Refinement.Edit,
            Position = Optimization.Tasks.PromptPosition.ABegin,
            ScoreDisplay = Optimization.MetaPrompts.ScoreDisplay.Raw,
            EnforceBudget = true,
            TwoRoundExtraction = false,
            Candidates = 4,
            BatchSize = 16,
            FormatExamples = 1,
            Seed = 42,
            TaskModel = "task-model",
            TaskBenchmark = "bbh",
            TaskKind = Optimization.Tasks.TaskKind.Boolean,
            BooleanWords = ["Yes", "No"],
        },
        DatasetSplits = new() { ["dev"] = new string('a', 64), ["test"] = new string('b', 64) },
        Task = "navigate",
        TaskKind = "Boolean",
        Status = RunStatus.StoppedBudget,
        CurrentStep = 2,
        TotalSteps = 7,
        DevCount = 30,
        TestCount = 50,
        Trajectory = [.. Enumerable.Range(0, trajectoryLength).Select(step => new TrajectoryRecord
        {
            Step = step,
            Prompt = $"prompt of step {step}: " + new string('x', 120),
            DevScore = 0.5 + (step / 100.0),
            CandidateIndex = step == 0 ? null : step % 4,
            EditBudget = step == 0 ? null : 40 - step,
            EditDistance = step == 0 ? null : step + 3,
            Embedding = step == 0 ? [0.25f, -1.5f, 3f] : null,
        })],
        Steps =
        [
            new StepRecord
            {
                Step = 1,
                Kind = StepKind.Optimize,
                Status = StepStatus.Scoring,
                WorkToken = Guid.Parse("0c3f4e1a-5a8d-4b9e-9d7c-2f1e0a6b3c4d"),
                OpeningWorkToken = Guid.Parse("7e1b2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e"),
                EditBudget = 40,
                Candidates =
                [
                    new CandidateRecord { Index = 0, Prompt = "candidate zero", EditDistance = 3, WithinBudget = true, DevScore = 0.75 },
                    new CandidateRecord { Index = 1, Prompt = "candidate one", EditDistance = 55, WithinBudget = false },
                ],
                Rejections = ["duplicate of the current prompt"],
                GenerationAttempts = 2,
                ChargedGenerations = [Guid.Parse("5d2a9c41-0e7b-4f3a-8b6d-1c9e2f7a4b50")],
                TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
                StartedAt = At(10),
                ScoringStartedAt = At(10),
                CompletedAt = At(11),
            },
        ],
        BestPrompt = "candidate zero",
        BestDevScore = 0.75,
        BestTestScore = 0.5,
        InitialTestScore = 0.25,
        FailureReason = "budget spent",
        CreatedAt = createdAt ?? At(1),
        UpdatedAt = At(12),
    };

    public static BatchScoreRecord Score(Guid runId, int step, int candidate, int batch, string split = "dev") => new()
    {
        RunId = runId,
        Step = step,
        CandidateIndex = candidate,
        BatchIndex = batch,
        Split = split,
        Score = 5.5,
        Total = 8,
        InputTokens = 1200,
        OutputTokens = 300,
        RecordedAt = At(20),
    };
}
