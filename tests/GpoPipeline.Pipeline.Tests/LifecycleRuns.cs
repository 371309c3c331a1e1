using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>Runs built in memory for the lifecycle specs: 10 train, 10 dev and 6 test examples, batches of 4, 2 steps.</summary>
internal static class LifecycleRuns
{
    public static readonly DateTime Now = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    public static RunSettings Settings { get; } = new() { DataPath = "in-memory", Steps = 2, Candidates = 3, BatchSize = 4, Seed = 1 };

    /// <summary>The train split: "train question i", labelled Yes for even i and No for odd i.</summary>
    public static IReadOnlyList<Example> Train { get; } = [.. Enumerable.Range(0, 10).Select(i => Example.Of($"train question {i}", i % 2 == 0 ? "Yes" : "No"))];

    /// <param name="method">The run's Method setting (docs/baselines.md); null is gpo.</param>
    public static (RunRecord Run, Transition Transition) Create(string? method = null)
    {
        var examples = Enumerable.Range(0, 10).Select(i => Example.Of($"question {i}", "Yes")).ToList();
        var dataset = new TaskDataset(new TaskDefinition("user", "demo", TaskKind.Boolean) { BooleanWords = BooleanWords.YesNo }, new Dictionary<string, IReadOnlyList<Example>>
        {
            ["train"] = Train, ["dev"] = examples, ["test"] = examples[..6], ["format"] = examples[..3],
        });
        var settings = Settings with { Method = method ?? Settings.Method };
        var plan = new RunPlan(RunSettingsParser.Parse(settings, 20_000), dataset, 2, 10, 6);
        return RunLifecycle.Create(Guid.NewGuid(), settings, plan, new Dictionary<string, string> { ["dev"] = "h" }, Now, null, Guid.NewGuid());
    }

    /// <summary>Every batch of the current step's training minibatch, scored <paramref name="fraction"/> per example.</summary>
    public static List<BatchScoreRecord> MinibatchScored(RunRecord run, double fraction = 0.5)
    {
        var step = run.Steps[^1];
        return [.. StepSplits.MinibatchBatches(run, step).Select(b => new BatchScoreRecord
        {
            RunId = run.Id, Step = step.Step, CandidateIndex = b.CandidateIndex, BatchIndex = b.BatchIndex, Split = b.Split,
            Score = b.Size * fraction, Total = b.Size,
        })];
    }

    /// <summary>Every batch of the current step scored <paramref name="fraction"/> per example for candidate c (fraction + c/100).</summary>
    public static List<BatchScoreRecord> AllScored(RunRecord run, double fraction = 0.5)
    {
        var step = run.Steps[^1];
        return [.. StepSplits.Batches(run, step).Select(b => new BatchScoreRecord
        {
            RunId = run.Id, Step = step.Step, CandidateIndex = b.CandidateIndex, BatchIndex = b.BatchIndex, Split = b.Split,
            Score = b.Size * Math.Min(1, fraction + (b.CandidateIndex / 100.0)), Total = b.Size,
        })];
    }

    public static CandidatesGenerated Candidates(RunRecord run, params string[] prompts) => new()
    {
        RunId = run.Id,
        Step = run.CurrentStep,
        WorkToken = run.Steps[^1].WorkToken,
        Candidates = [.. prompts.Select((p, i) => new CandidatePrompt { CandidateIndex = i, Prompt = p, EditDistance = 2, WithinBudget = true })],
    };

    /// <summary>A reply to (candidate, batch) of the current step as a correct scorer sends it.</summary>
    /// <param name="split">The step's split when null; <see cref="StepSplits.Minibatch"/> for its training minibatch.</param>
    public static BatchScored Reply(RunRecord run, int candidate, int batch, double perExample = 1, string? split = null)
    {
        var step = run.Steps[^1];
        var plan = StepSplits.Find(run, step, split ?? StepSplits.SplitOf(step.Kind), candidate, batch)!;
        return new BatchScored
        {
            RunId = run.Id, Step = step.Step, CandidateIndex = candidate, BatchIndex = batch, Split = plan.Split,
            Score = perExample * plan.Size, Total = plan.Size, WorkToken = step.WorkToken,
            Results = [.. Enumerable.Range(plan.From, plan.Size).Select(i => new ExampleResult { Index = i, Answer = "Yes", Score = perExample })],
        };
    }
}
