using System.Globalization;
using GpoPipeline.Contracts;
using GpoPipeline.Optimization;
using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Profiles;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// The one place run settings are read as text: every option is parsed (or reported) here, once, into a
/// <see cref="RunConfiguration"/> that the lifecycle and the messages use from then on.
/// </summary>
public static class RunSettingsParser
{
    /// <param name="s">The settings as they came in a message: null is a problem like any other (a StartRun with "settings": null).</param>
    /// <param name="datasetSent">The StartRun carries its dataset; otherwise the scheduler reads <see cref="RunSettings.DataPath"/>, which must then name one.</param>
    /// <exception cref="RunConfigurationException">Every problem found, each naming its setting and the expected values.</exception>
    public static RunConfiguration Parse(RunSettings? s, int maxPromptChars, bool datasetSent = true)
    {
        if (s is null)
        {
            throw new RunConfigurationException("Invalid run settings: the StartRun has no Settings.");
        }

        var problems = new List<string>();
        if (!datasetSent && string.IsNullOrWhiteSpace(s.DataPath))
        {
            problems.Add("DataPath must name the task's folder or JSONL file when the StartRun carries no dataset (got none).");
        }

        var schedule = Read(problems, () => OptionNames.Parse<BudgetSchedule>(s.Schedule, "Schedule"));
        var retrieval = Read(problems, () => OptionNames.Parse<RetrievalStrategy>(s.Retrieval, "Retrieval"));
        var refinement = Read(problems, () => OptionNames.Parse<Refinement>(s.Refinement, "Refinement"));
        var position = Read(problems, () => OptionNames.ParsePosition(s.PromptPosition));
        // Null or empty is the default profile (and how runs stored before profiles read).
        var profile = string.IsNullOrWhiteSpace(s.Profile) ? RunProfile.Production : Read(problems, () => OptionNames.Parse<RunProfile>(s.Profile, "Profile"));
        DirectionOrder? order = s.DirectionOrder?.ToUpperInvariant() switch
        {
            "CODE" => DirectionOrder.Code,
            "PAPER" => DirectionOrder.PaperAscending,
            _ => null,
        };
        if (order is null) problems.Add($"DirectionOrder '{s.DirectionOrder}' is not valid; expected code or paper.");
        problems.AddRange(RangeProblems(s, maxPromptChars));
        var method = MethodSettings.Route(s.Method, problems);
        if (problems.Count > 0)
        {
            throw new RunConfigurationException("Invalid run settings: " + string.Join(" ", problems));
        }

        var policy = ProfilePolicy.For(profile);
        return MethodSettings.Apply(new RunConfiguration
        {
            Profile = profile,
            Retrieval = new RetrievalSettings { Strategy = retrieval, K = s.DirectionSize, Order = order!.Value },
            EditBudget = new EditBudgetOptions { Schedule = schedule, Initial = s.InitialBudget, Minimum = s.MinimumBudget, WarmupSteps = s.WarmupSteps },
            Refinement = refinement,
            Position = position,
            ScoreDisplay = policy.ScoresShown(s.ScoresAsPercent),
            EnforceBudget = s.EnforceBudget,
            TwoRoundExtraction = s.TwoRoundExtraction,
            Candidates = s.Candidates,
            BatchSize = s.BatchSize,
            FormatExamples = s.FormatExamples,
            Seed = s.Seed,
            TaskModel = s.TaskModel ?? string.Empty,
        }, method!);
    }

    /// <summary>
    /// Most steps, format examples and direction prompts a run may ask for: every step's prompt, and the format
    /// examples, travel in each generation request, which the workers refuse above 1,000 entries (Limits:MaxTrajectoryEntries,
    /// Limits:MaxExamples): a run asking for more reached that step and waited for ever. (`--steps 2000000000` also made
    /// `gpo estimate` overflow into negative calls.)
    /// </summary>
    public const int MaxSteps = 1_000;

    /// <summary>Fewest steps a run may ask for: 0 is an evaluation only (baseline and held-out test, no optimizer call).</summary>
    public const int MinSteps = 0;

    /// <summary>Most candidates per step (spec §4: the paper samples 8; a generation request asks for each).</summary>
    public const int MaxCandidates = 64;

    /// <summary>
    /// Most examples per batch: a run's BatchSize (the training batch), and Scheduler:ExamplesPerScoreBatch (one
    /// ScoreBatch message's examples, which the workers accept up to Limits:MaxExamples, 1,000 by default).
    /// </summary>
    public const int MaxBatchSize = 1_000;

    /// <summary>
    /// Fewest examples MaxDevExamples and MaxTestExamples may limit a split to. There is no most: a limit above a split's
    /// size uses the whole split (RunPlanner takes the smaller). The seed has no limits: every 32-bit value is a seed.
    /// </summary>
    public const int MinExampleLimit = 1;

    private static IEnumerable<string> RangeProblems(RunSettings s, int maxPromptChars)
    {
        if (string.IsNullOrWhiteSpace(s.InitialPrompt)) yield return "InitialPrompt must not be empty.";
        if (s.InitialPrompt?.Length > maxPromptChars)
            yield return $"InitialPrompt has {s.InitialPrompt.Length} characters; the limit is {maxPromptChars} (Scheduler:MaxPromptChars).";
        if (s.Epochs < 1) yield return $"Epochs must be at least 1 (got {s.Epochs}).";
        // 0 steps is an evaluation only (baseline and held-out test, no optimizer call): the control plane's score-drop check.
        if (s.Steps is < MinSteps) yield return $"Steps must not be negative (got {s.Steps}; 0 evaluates the initial prompt only).";
        if (s.Steps > MaxSteps) yield return $"Steps must be at most {MaxSteps} (got {s.Steps}).";
        if (s.Epochs > MaxSteps) yield return $"Epochs must be at most {MaxSteps} (got {s.Epochs}).";
        if (s.Candidates is < 1 or > MaxCandidates) yield return $"Candidates must be between 1 and {MaxCandidates} (got {s.Candidates}).";
        if (s.BatchSize is < 1 or > MaxBatchSize) yield return $"BatchSize must be between 1 and {MaxBatchSize} (got {s.BatchSize}).";
        if (s.DirectionSize is < 1 or > MaxSteps) yield return $"DirectionSize (k) must be between 1 and {MaxSteps} (got {s.DirectionSize}).";
        if (s.FormatExamples is < 0 or > MaxSteps) yield return $"FormatExamples must be between 0 and {MaxSteps} (got {s.FormatExamples}).";
        if (s.MinimumBudget < 0 || s.InitialBudget < s.MinimumBudget)
            yield return $"Edit budgets need 0 ≤ MinimumBudget ≤ InitialBudget (got {s.MinimumBudget} and {s.InitialBudget}).";
        if (s.WarmupSteps < 0) yield return $"WarmupSteps must not be negative (got {s.WarmupSteps}).";
        if (s.MaxDevExamples is < MinExampleLimit) yield return $"MaxDevExamples must be at least {MinExampleLimit} (got {s.MaxDevExamples}).";
        if (s.MaxTestExamples is < MinExampleLimit) yield return $"MaxTestExamples must be at least {MinExampleLimit} (got {s.MaxTestExamples}).";
        if (BudgetProblem(s.MaxCost, s.MaxCalls, s.MaxTokens) is { } budget) yield return budget;
    }

    /// <summary>For a run's budget and for a resume's new one. NaN passed "≤ 0" and then stopped nothing (cost ≥ NaN is false).</summary>
    public static string? BudgetProblem(double? maxCost, long? maxCalls, long? maxTokens) =>
        maxCost is { } cost && !(cost > 0 && double.IsFinite(cost)) || maxCalls is <= 0 || maxTokens is <= 0
            ? string.Create(CultureInfo.InvariantCulture, $"Budget limits must be positive and finite when set (got MaxCost {(object?)maxCost ?? "none"}, MaxCalls {(object?)maxCalls ?? "none"}, MaxTokens {(object?)maxTokens ?? "none"}).")
            : null;

    private static T Read<T>(List<string> problems, Func<T> parse)
        where T : struct
    {
        try
        {
            return parse();
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message.Split(" (Parameter")[0]);
            return default;
        }
    }
}
