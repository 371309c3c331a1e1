using System.Globalization;
using Cronos;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Optimization;
using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tasks;

/// <summary>Turns requests into stored settings and policy, refusing (422) with the field and the expected range.</summary>
public static class TaskSettingsValidator
{
    public const int MaxPromptLength = 4000;

    /// <summary>A new task's settings: the request's, each field left out at its default.</summary>
    public static RunSettings Settings(TaskSettingsRequest? request, string initialPrompt) =>
        Settings(request, new RunSettings { DataPath = "", InitialPrompt = initialPrompt });

    /// <summary>
    /// The settings <paramref name="request"/> asks for (creating a task, and PUT …/settings, which replaces them):
    /// every field of the request is set, to its default when left out; what the request has no field for (the
    /// initial prompt, the edit budgets, …) stays as in <paramref name="basis"/>.
    /// </summary>
    public static RunSettings Settings(TaskSettingsRequest? request, RunSettings basis)
    {
        ArgumentNullException.ThrowIfNull(basis);
        var r = request ?? new TaskSettingsRequest();
        // The scheduler's limits (RunSettingsParser), not a copy: a value the API took and the scheduler refuses fails
        // the run at start, and a copy that was smaller (dev/test ≤ 100,000, seed ≥ 0) refused runs the scheduler takes.
        // Steps start at 1 here although the scheduler takes 0 (an evaluation only): a task's runs are optimizations.
        Range(r.Steps, 1, RunSettingsParser.MaxSteps, "settings.steps");
        Range(r.Epochs, 1, RunSettingsParser.MaxSteps, "settings.epochs");
        Range(r.Candidates, 1, RunSettingsParser.MaxCandidates, "settings.candidates");
        Range(r.BatchSize, 1, RunSettingsParser.MaxBatchSize, "settings.batchSize");
        AtLeast(r.MaxDevExamples, RunSettingsParser.MinExampleLimit, "settings.maxDevExamples");
        AtLeast(r.MaxTestExamples, RunSettingsParser.MinExampleLimit, "settings.maxTestExamples");
        // settings.seed: any 32-bit value, as in the scheduler (a number the JSON reader cannot fit in one is a 400).
        Positive(r.MaxCost, "settings.maxCost");
        Positive(r.MaxCalls, "settings.maxCalls");
        Positive(r.MaxTokens, "settings.maxTokens");
        var defaults = new RunSettings { DataPath = "" };
        // Stored by their listed names (OptionNames.Name), whatever spelling the request used: GET …/prompt shows the
        // position to clients, which need one spelling of it.
        var position = OptionNames.Name(Option(() => OptionNames.ParsePosition(r.PromptPosition ?? defaults.PromptPosition), "settings.promptPosition"));
        var schedule = OptionNames.Name(Option(() => OptionNames.Parse<BudgetSchedule>(r.Schedule ?? defaults.Schedule, "Schedule"), "settings.schedule"));
        var retrieval = OptionNames.Name(Option(() => OptionNames.Parse<RetrievalStrategy>(r.Retrieval ?? defaults.Retrieval, "Retrieval"), "settings.retrieval"));
        return basis with
        {
            Steps = r.Steps, Epochs = r.Epochs ?? defaults.Epochs, Candidates = r.Candidates ?? defaults.Candidates,
            BatchSize = r.BatchSize ?? defaults.BatchSize, MaxDevExamples = r.MaxDevExamples, MaxTestExamples = r.MaxTestExamples,
            Seed = r.Seed ?? defaults.Seed, PromptPosition = position,
            Schedule = schedule, Retrieval = retrieval,
            TaskModel = Text(r.TaskModel, "settings.taskModel"), OptimizerModel = Text(r.OptimizerModel, "settings.optimizerModel"),
            MaxCost = r.MaxCost, MaxCalls = r.MaxCalls, MaxTokens = r.MaxTokens,
        };
    }

    /// <summary>
    /// A task's prompt position cannot change: GET …/prompt and the proxy place the champion there at once, and the
    /// champion was chosen, and scored, at the old one. Null when <paramref name="changed"/> keeps it.
    /// </summary>
    public static string? PositionProblem(RunSettings current, RunSettings changed)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changed);
        return OptionNames.ParsePosition(current.PromptPosition) == OptionNames.ParsePosition(changed.PromptPosition) ? null
            : $"Field 'settings.promptPosition' cannot change from '{current.PromptPosition}' to '{changed.PromptPosition}' (a field left out takes its default, {new RunSettings { DataPath = "" }.PromptPosition}): " +
              "the proxy and GET …/prompt place the champion there, and it was chosen at that position. Send it unchanged, or create a new task for another position.";
    }

    /// <summary>
    /// The run a task's settings make of a dataset with <paramref name="trainExamples"/> training examples must fit the
    /// scheduler's step limit (RunPlanner's check), else every run of the task would fail at start: null when it fits.
    /// </summary>
    public static string? StepsProblem(RunSettings settings, int trainExamples)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Steps is not null || trainExamples < 1)
        {
            return null; // a fixed step count was checked when the task was made; an empty split is refused elsewhere
        }

        var steps = StepCount.For(trainExamples, settings.Epochs, settings.BatchSize);
        return steps <= RunSettingsParser.MaxSteps ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"The task's runs would take {steps:N0} steps (settings.epochs {settings.Epochs} × the {trainExamples:N0} training examples in batches of settings.batchSize {settings.BatchSize}); a run takes at most {RunSettingsParser.MaxSteps:N0} steps, so it would fail at start. Set settings.steps, or fewer settings.epochs or a larger settings.batchSize (PUT /v1/tasks/{{task}}/settings), or upload fewer examples.");
    }

    public static TaskPolicy Policy(TaskPolicyRequest? request)
    {
        var r = request ?? new TaskPolicyRequest();
        if (r.Alpha is { } alpha && !(alpha > 0 && alpha <= 0.5))
        {
            throw ApiProblemException.Invalid($"Field 'policy.alpha' must be in (0, 0.5] (got {alpha}).");
        }

        if (r.MinimumEffect is { } effect && !(effect >= 0 && effect <= 100))
        {
            throw ApiProblemException.Invalid($"Field 'policy.minimumEffect' must be 0–100 score points (got {effect}).");
        }

        Range(r.ReoptimizeEveryExamples, 1, 10_000_000, "policy.reoptimizeEveryExamples");
        if (r.ScoreDropThreshold is { } drop && !(drop > 0 && drop <= 100))
        {
            throw ApiProblemException.Invalid($"Field 'policy.scoreDropThreshold' must be more than 0 and at most 100 score points (got {drop}).");
        }

        Range(r.ScoreDropExamples, 1, 10_000, "policy.scoreDropExamples");
        Positive(r.DailyMaxCost, "policy.dailyMaxCost");
        Positive(r.DailyMaxCalls, "policy.dailyMaxCalls");
        Positive(r.DailyMaxTokens, "policy.dailyMaxTokens");
        if (r.Cron is not null && ParseCron(r.Cron).GetNextOccurrence(DateTime.UtcNow) is null)
        {
            // Well-formed but never due ("0 0 31 2 *": 31 February): accepted, the schedule would silently never fire.
            throw ApiProblemException.Invalid($"Field 'policy.cron' (\"{r.Cron}\") matches no date, so the schedule would never fire; check its day and month fields.");
        }

        var defaults = new TaskPolicy();
        return new TaskPolicy
        {
            Alpha = r.Alpha ?? defaults.Alpha, MinimumEffect = r.MinimumEffect ?? defaults.MinimumEffect,
            ReoptimizeEveryExamples = r.ReoptimizeEveryExamples, Cron = r.Cron,
            ScoreDropThreshold = r.ScoreDropThreshold, ScoreDropExamples = r.ScoreDropExamples ?? defaults.ScoreDropExamples,
            DailyMaxCost = r.DailyMaxCost, DailyMaxCalls = r.DailyMaxCalls, DailyMaxTokens = r.DailyMaxTokens,
        };
    }

    public static string Prompt(string? prompt, string field)
    {
        if (string.IsNullOrWhiteSpace(prompt) || prompt.Length > MaxPromptLength)
        {
            throw ApiProblemException.Invalid($"Field '{field}' must be 1–{MaxPromptLength} characters of text.");
        }

        return prompt;
    }

    public static CronExpression ParseCron(string cron)
    {
        try
        {
            return CronExpression.Parse(cron, CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw ApiProblemException.Invalid($"Field 'policy.cron' is not a 5-field cron expression (UTC), e.g. \"0 3 * * *\": {ex.Message}");
        }
    }

    private static void Range(long? value, long min, long max, string field)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw ApiProblemException.Invalid($"Field '{field}' must be between {min} and {max} (got {v}).");
        }
    }

    private static void AtLeast(long? value, long min, string field)
    {
        if (value is { } v && v < min)
        {
            throw ApiProblemException.Invalid($"Field '{field}' must be at least {min} (got {v}).");
        }
    }

    private static void Positive(double? value, string field)
    {
        if (value is { } v && !(v > 0 && double.IsFinite(v)))
        {
            throw ApiProblemException.Invalid($"Field '{field}' must be a positive number when set (got {v}).");
        }
    }

    private static string? Text(string? value, string field) =>
        value is null || (value.Length is > 0 and <= 200 && !value.Any(char.IsControl)) ? value
            : throw ApiProblemException.Invalid($"Field '{field}' must be 1–200 printable characters.");

    private static T Option<T>(Func<T> parse, string field)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException ex)
        {
            throw ApiProblemException.Invalid($"Field '{field}': {ex.Message}");
        }
    }
}
