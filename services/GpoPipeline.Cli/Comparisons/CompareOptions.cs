using System.CommandLine;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>The options of `gpo compare`; the model options are <see cref="ModelOptions"/>'s.</summary>
public sealed class CompareOptions
{
    public Option<string?> Tasks { get; } = new("--tasks") { Description = "Comma-separated tasks: shipped names (navigate, bbh/word_sorting, gsm8k) or folders." };
    public Option<string> Methods { get; } = new("--methods") { Description = "Comma-separated methods (docs/baselines.md).", DefaultValueFactory = _ => "gpo,opro,ape" };
    public Option<long?> Calls { get; } = new Option<long?>("--calls") { Description = "Optimizer + scorer calls per method and task (default: GPO's own run length, spec §1)." }.AtLeast(1, "a number of calls");
    public Option<int> Candidates { get; } = new Option<int>("--candidates") { Description = "Candidates per step, the same for every method.", DefaultValueFactory = _ => 8 }
        .Between(1, RunSettingsParser.MaxCandidates, "a number of candidates");
    public Option<int> Epochs { get; } = new Option<int>("--epochs") { Description = "Epochs for the default run length.", DefaultValueFactory = _ => 3 }
        .Between(1, RunSettingsParser.MaxSteps, "a number of epochs");
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed shared by every run.", DefaultValueFactory = _ => 0 };
    public Option<int?> MaxDev { get; } = new Option<int?>("--max-dev") { Description = "Use at most this many dev examples." }.AtLeast(RunSettingsParser.MinExampleLimit, "a number of examples");
    public Option<int?> MaxTest { get; } = new Option<int?>("--max-test") { Description = "Use at most this many test examples." }.AtLeast(RunSettingsParser.MinExampleLimit, "a number of examples");
    public Option<string?> Profile { get; } = Choice("--profile", "Run profile of every cell: production (default) or paper, the official GPO code's behaviour (docs/profiles.md).", "production", "paper");
    public Option<bool> Simulated { get; } = new("--simulated") { Description = "Use the in-process simulated LLM (a test instrument, not model quality) instead of an endpoint." };
    public Option<string?> Resume { get; } = new Option<string?>("--resume") { Description = "Continue a comparison by its id (printed when it starts); other options are taken from it." }
        .NotBlank("a comparison id (printed when it started)");

    public IEnumerable<Option> All => [Tasks, Methods, Calls, Candidates, Epochs, Seed, Profile, MaxDev, MaxTest, Simulated, Resume];

    public ComparisonSpec ToSpec(ParseResult parse, RunModels? models)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var tasks = List(parse.GetValue(Tasks));
        if (tasks.Count == 0)
        {
            throw new UserInputException("--tasks: name at least one task (e.g. --tasks navigate,object_counting), or --resume a comparison.");
        }

        var methods = List(parse.GetValue(Methods));
        if (methods.Count == 0)
        {
            throw new UserInputException("--methods: name at least one method (e.g. --methods gpo,opro,ape).");
        }

        var candidates = parse.GetValue(Candidates);
        return new ComparisonSpec
        {
            Tasks = tasks,
            Methods = methods,
            Calls = parse.GetValue(Calls),
            Candidates = candidates,
            Epochs = parse.GetValue(Epochs),
            Seed = parse.GetValue(Seed),
            Profile = parse.GetValue(Profile),
            MaxDev = parse.GetValue(MaxDev),
            MaxTest = parse.GetValue(MaxTest),
            Simulated = parse.GetValue(Simulated),
            Models = models,
        };
    }

    private static Option<string?> Choice(string name, string description, params string[] values)
    {
        var option = new Option<string?>(name) { Description = description };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    private static List<string> List(string? text) =>
        [.. (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
}
