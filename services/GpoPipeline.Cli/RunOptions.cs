using System.CommandLine;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;

namespace GpoPipeline.Cli;

/// <summary>The options that shape a run (`optimize`, `estimate`, `demo`); defaults are GPO's (spec §4).</summary>
public sealed class RunOptions
{
    public const string DataExpected = "a task folder or a .jsonl file";
    public const string TaskExpected = "a task name";

    public Option<string> Data { get; } = new Option<string>("--data") { Description = "Task folder (train/dev/test/format .jsonl) or one .jsonl file of {input, target} lines." }
        .NotBlank(DataExpected);
    public Option<string?> Task { get; } = new("--task") { Description = "Task name (default: the folder or file name)." };
    // The scheduler's own ranges, checked by the parser so the message names the option (it named the setting, after the simulator had started).
    public Option<int?> Steps { get; } = new Option<int?>("--steps") { Description = "Optimization steps (default: epochs × round-half-up(|train|/8), spec §1; 0 scores the initial prompt only)." }
        .Between(RunSettingsParser.MinSteps, RunSettingsParser.MaxSteps, "a number of steps");
    public Option<int> Epochs { get; } = new Option<int>("--epochs") { Description = "Epochs for the default step count.", DefaultValueFactory = _ => 3 }
        .Between(1, RunSettingsParser.MaxSteps, "a number of epochs");
    public Option<string> Method { get; } = new("--method") { Description = "Optimizer method (docs/baselines.md): gpo, an ablation, ape-gpo-code, opro-gpo-code, pe2-gpo-code, opro or ape.", DefaultValueFactory = _ => "gpo" };
    public Option<int> Candidates { get; } = new Option<int>("--candidates") { Description = "Candidates generated per step.", DefaultValueFactory = _ => 8 }
        .Between(1, RunSettingsParser.MaxCandidates, "a number of candidates");
    public Option<string> Schedule { get; } = Choice("--schedule", "Edit-budget schedule (spec §3.2).", "cosine", "cosine", "linear", "fixed", "none");
    public Option<string> Retrieval { get; } = Choice("--retrieval", "How the update direction is picked (spec §2).", "relevance", "relevance", "recency", "importance", "none");
    public Option<int> K { get; } = new Option<int>("--k") { Description = "Trajectory entries shown, the current prompt included.", DefaultValueFactory = _ => 3 }
        .Between(1, RunSettingsParser.MaxSteps, "a number of trajectory entries");
    public Option<string> Profile { get; } = Choice("--profile", "paper: reproduce the official GPO code, quirks included; production: today's fixes (docs/profiles.md).", "production", "production", "paper");
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for the task examples and sampling.", DefaultValueFactory = _ => 0 };
    public Option<int?> MaxDev { get; } = new Option<int?>("--max-dev") { Description = "Use at most this many dev examples (quick runs)." }.AtLeast(RunSettingsParser.MinExampleLimit, "a number of examples");
    public Option<int?> MaxTest { get; } = new Option<int?>("--max-test") { Description = "Use at most this many test examples (quick runs)." }.AtLeast(RunSettingsParser.MinExampleLimit, "a number of examples");
    public Option<double?> MaxCost { get; } = new Option<double?>("--max-cost") { Description = "Stop the run when this much has been spent (price settings Llm:<role>:*PricePerMillion)." }.PositiveAmount();
    public Option<long?> MaxCalls { get; } = new Option<long?>("--max-calls") { Description = "Stop the run after this many paid model calls." }.AtLeast(1, "a number of calls");
    public Option<long?> MaxTokens { get; } = new Option<long?>("--max-tokens") { Description = "Stop the run after this many tokens." }.AtLeast(1, "a number of tokens");

    public IEnumerable<Option> All => [Data, Task, Steps, Epochs, Method, Candidates, Schedule, Retrieval, K, Profile, Seed, MaxDev, MaxTest, MaxCost, MaxCalls, MaxTokens];

    public RunSettings ToSettings(ParseResult parse, string dataPath, string? taskModel, string? optimizerModel)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new RunSettings
        {
            DataPath = FullPath(dataPath),
            Task = parse.GetValue(Task),
            Steps = parse.GetValue(Steps),
            Epochs = parse.GetValue(Epochs),
            Method = parse.GetValue(Method)!,
            Candidates = parse.GetValue(Candidates),
            Schedule = parse.GetValue(Schedule)!,
            Retrieval = parse.GetValue(Retrieval)!,
            DirectionSize = parse.GetValue(K),
            Profile = parse.GetValue(Profile),
            Seed = parse.GetValue(Seed),
            MaxDevExamples = parse.GetValue(MaxDev),
            MaxTestExamples = parse.GetValue(MaxTest),
            MaxCost = parse.GetValue(MaxCost),
            MaxCalls = parse.GetValue(MaxCalls),
            MaxTokens = parse.GetValue(MaxTokens),
            TaskModel = taskModel,
            OptimizerModel = optimizerModel,
        };
    }

    /// <summary>The dataset's full path; a path .NET cannot use is the user's to fix (it was "unexpected error", exit 1).</summary>
    private static string FullPath(string dataPath)
    {
        try
        {
            return Path.GetFullPath(dataPath);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UserInputException($"--data '{dataPath}': not a usable path ({ex.Message}); expected {DataExpected}.", ex);
        }
    }

    private static Option<string> Choice(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
