using GpoPipeline.Contracts;
using GpoPipeline.Optimization;
using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// Validates a run's settings and dataset before anything is spent, and works out its plan: the spec §1.2
/// step count (epochs × round-half-up(|train|/8)) unless overridden, and the dev/test sizes.
/// </summary>
public sealed class RunPlanner(DatasetCatalog datasets)
{
    public RunPlan Plan(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = SettingsProblems(settings).ToList();
        if (problems.Count > 0)
        {
            throw new RunConfigurationException("Invalid run settings: " + string.Join(" ", problems));
        }

        TaskDataset dataset;
        try
        {
            dataset = datasets.Get(settings.DataPath, settings.Task);
            DatasetValidator.ThrowIfInvalid(dataset);
        }
        catch (DatasetException ex)
        {
            throw new RunConfigurationException($"Dataset '{settings.DataPath}' cannot be used: {ex.Message}", ex);
        }

        var totalSteps = settings.Steps ?? StepCount.For(dataset[Split.Train].Count, settings.Epochs, settings.BatchSize);
        if (settings.WarmupSteps >= totalSteps)
        {
            throw new RunConfigurationException($"WarmupSteps ({settings.WarmupSteps}) must be below the {totalSteps} steps of the run.");
        }

        var dev = Math.Min(dataset[Split.Dev].Count, settings.MaxDevExamples ?? int.MaxValue);
        var test = Math.Min(dataset[Split.Test].Count, settings.MaxTestExamples ?? int.MaxValue);
        return new RunPlan(dataset.Task.Name, dataset.Task.Kind.ToString(), totalSteps, dev, test);
    }

    private static IEnumerable<string> SettingsProblems(RunSettings s)
    {
        foreach (var problem in new[]
        {
            Check(() => OptionNames.Parse<BudgetSchedule>(s.Schedule, "Schedule")),
            Check(() => OptionNames.Parse<RetrievalStrategy>(s.Retrieval, "Retrieval")),
            Check(() => OptionNames.Parse<Refinement>(s.Refinement, "Refinement")),
            Check(() => OptionNames.ParsePosition(s.PromptPosition)),
        })
        {
            if (problem is not null)
            {
                yield return problem;
            }
        }

        if (string.IsNullOrWhiteSpace(s.InitialPrompt)) yield return "InitialPrompt must not be empty.";
        if (s.Epochs < 1) yield return $"Epochs must be at least 1 (got {s.Epochs}).";
        if (s.Steps is < 1) yield return $"Steps must be at least 1 (got {s.Steps}).";
        if (s.Candidates is < 1 or > 64) yield return $"Candidates must be between 1 and 64 (got {s.Candidates}).";
        if (s.BatchSize is < 1 or > 1000) yield return $"BatchSize must be between 1 and 1000 (got {s.BatchSize}).";
        if (s.DirectionSize < 1) yield return $"DirectionSize (k) must be at least 1 (got {s.DirectionSize}).";
        if (s.FormatExamples < 0) yield return $"FormatExamples must not be negative (got {s.FormatExamples}).";
        if (s.MinimumBudget < 0 || s.InitialBudget < s.MinimumBudget)
            yield return $"Edit budgets need 0 ≤ MinimumBudget ≤ InitialBudget (got {s.MinimumBudget} and {s.InitialBudget}).";
        if (s.WarmupSteps < 0) yield return $"WarmupSteps must not be negative (got {s.WarmupSteps}).";
        if (s.MaxDevExamples is < 1) yield return $"MaxDevExamples must be at least 1 (got {s.MaxDevExamples}).";
        if (s.MaxTestExamples is < 1) yield return $"MaxTestExamples must be at least 1 (got {s.MaxTestExamples}).";
        if (s.MaxCost is <= 0 || s.MaxCalls is <= 0 || s.MaxTokens is <= 0) yield return "Budget limits must be positive when set.";
        if (s.DirectionOrder is not ("code" or "paper")) yield return $"DirectionOrder '{s.DirectionOrder}' is not valid; expected code or paper.";
    }

    private static string? Check(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message.Split(" (Parameter")[0];
        }
    }
}
