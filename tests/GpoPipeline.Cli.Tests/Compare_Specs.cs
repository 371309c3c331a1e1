using System.Text.Json;
using GpoPipeline.Trajectories;
using Xunit.Abstractions;

namespace GpoPipeline.Cli.Tests;

public sealed class Compare_Specs(ITestOutputHelper output)
{
    // 8 dev examples, one task-model call each (a second round only when needed, counted as paid): the seed costs 8
    // calls, a step 2 + 2·8 = 18; 44 calls = 2 steps.
    private const int Calls = 44;

    // One scoring batch (BatchSize 8): the tolerance of an equal budget.
    private const int OneBatch = 8;

    private static readonly string[] Small =
        ["compare", "--simulated", "--tasks", "navigate,object_counting", "--methods", "gpo,opro,ape", "--calls", "44", "--candidates", "2", "--max-dev", "8", "--max-test", "8", "--json"];

    // ProTeGi's first step: 2 gradient + 2 edit calls, 2·8 dev answers and 48 minibatch answers (64 asked, the train
    // split has 48) = 68, so 76 calls = the seed's 8 + one step; its second step (a beam of 3: 144 minibatch answers)
    // would not fit. GPO and APE: 8 + 4·18 = 80, within one batch of 76.
    private const int WithProTeGiCalls = 76;

    private static readonly string[] WithProTeGi =
        ["compare", "--simulated", "--tasks", "navigate,object_counting", "--methods", "gpo,protegi,ape", "--calls", "76", "--candidates", "2", "--max-dev", "8", "--max-test", "8", "--json"];

    [Fact]
    public async Task When_three_methods_are_compared_on_two_shipped_tasks_Should_report_every_cell_within_its_equal_call_budget()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync([.. Small, "--store", store.Path]);

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        using var json = JsonDocument.Parse(result.Stdout);
        var report = json.RootElement;
        Assert.Contains("test instrument", report.GetProperty("notice").GetString(), StringComparison.Ordinal);
        var cells = report.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(
            new[] { "navigate/gpo", "navigate/opro", "navigate/ape", "object_counting/gpo", "object_counting/opro", "object_counting/ape" },
            cells.Select(c => $"{c.GetProperty("task").GetString()}/{c.GetProperty("method").GetString()}"));
        foreach (var cell in cells)
        {
            var name = $"{cell.GetProperty("task")}/{cell.GetProperty("method")}";
            Assert.True(cell.GetProperty("status").GetString() == "completed", $"{name}: {cell}");
            Assert.Equal(Calls, cell.GetProperty("callBudget").GetInt64());
            Assert.InRange(cell.GetProperty("calls").GetInt64(), Calls - OneBatch, Calls + OneBatch);
            var test = cell.GetProperty("test");
            Assert.InRange(test.GetProperty("low").GetDouble(), 0, test.GetProperty("mean").GetDouble());
            Assert.InRange(test.GetProperty("high").GetDouble(), test.GetProperty("mean").GetDouble(), 1);
            Assert.Equal(8, test.GetProperty("examples").GetInt32());
            Assert.InRange(cell.GetProperty("callsToBest").GetInt32(), 1, Calls + OneBatch);

            // The cell is a run of the store like any other, with its method recorded.
            var run = await store.RunAsync(cell.GetProperty("runId").GetGuid());
            Assert.Equal(cell.GetProperty("method").GetString(), run.Configuration!.Method);
            Assert.Equal(2, run.TotalSteps);
        }

        Assert.Equal(3, report.GetProperty("suites").GetArrayLength());
        Assert.All(report.GetProperty("suites").EnumerateArray(), s => Assert.Equal("bbh", s.GetProperty("suite").GetString()));
        Assert.Equal(3, report.GetProperty("totals").GetArrayLength());
        var markdown = await File.ReadAllTextAsync(report.GetProperty("markdown").GetString()!);
        Assert.Contains("a test instrument", markdown, StringComparison.Ordinal);
        Assert.All(cells, c => Assert.Contains($"| bbh/{c.GetProperty("task").GetString()} | {c.GetProperty("method").GetString()} | completed |", markdown, StringComparison.Ordinal));

        // Running the same command again finds every cell done: no new run, the same report.
        var again = await GpoRun.ExecuteAsync([.. Small, "--store", store.Path]);
        Assert.True(again.ExitCode == 0, again.Stderr + again.Stdout);
        using var second = JsonDocument.Parse(again.Stdout);
        Assert.Equal(report.GetProperty("id").GetGuid(), second.RootElement.GetProperty("id").GetGuid());
        Assert.Equal(
            cells.Select(c => (c.GetProperty("runId").GetGuid(), c.GetProperty("test").GetProperty("mean").GetDouble())),
            second.RootElement.GetProperty("cells").EnumerateArray().Select(c => (c.GetProperty("runId").GetGuid(), c.GetProperty("test").GetProperty("mean").GetDouble())));
        using var reader = store.Open();
        Assert.Equal(6, (await reader.ListRunsAsync()).Count);
    }

    [Fact]
    public async Task When_ProTeGi_is_compared_on_two_shipped_tasks_Should_give_every_method_the_same_call_budget_and_report_every_cell()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync([.. WithProTeGi, "--store", store.Path]);

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        using var json = JsonDocument.Parse(result.Stdout);
        var cells = json.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(
            new[] { "navigate/gpo", "navigate/protegi", "navigate/ape", "object_counting/gpo", "object_counting/protegi", "object_counting/ape" },
            cells.Select(c => $"{c.GetProperty("task").GetString()}/{c.GetProperty("method").GetString()}"));
        var markdown = await File.ReadAllTextAsync(json.RootElement.GetProperty("markdown").GetString()!);
        foreach (var cell in cells)
        {
            var method = cell.GetProperty("method").GetString()!;
            var name = $"{cell.GetProperty("task")}/{method}";
            output.WriteLine($"{name} on the simulator (a test instrument): {cell.GetProperty("calls")} calls of {cell.GetProperty("callBudget")} ({cell.GetProperty("optimizerCalls")} optimizer, {cell.GetProperty("scorerCalls")} scorer), {cell.GetProperty("paidCalls")} paid");
            Assert.True(cell.GetProperty("status").GetString() == "completed", $"{name}: {cell}");
            Assert.Equal(WithProTeGiCalls, cell.GetProperty("callBudget").GetInt64());
            // Never past the budget by more than a batch; below it by less than one of the method's own steps (a rejected
            // or repeated candidate is not scored, and whole steps rarely add up to the budget exactly).
            var calls = cell.GetProperty("calls").GetInt64();
            var step = method == "protegi" ? 68 : 18;
            Assert.True(calls <= WithProTeGiCalls + OneBatch && calls > WithProTeGiCalls - step, $"{name}: {calls} calls for a budget of {WithProTeGiCalls}: {cell}");
            Assert.True(cell.GetProperty("test").GetProperty("mean").ValueKind == JsonValueKind.Number, $"{name}: no test score");
            Assert.Contains($"| bbh/{cell.GetProperty("task").GetString()} | {method} | completed |", markdown, StringComparison.Ordinal);

            var run = await store.RunAsync(cell.GetProperty("runId").GetGuid());
            Assert.Equal(method == "protegi" ? 1 : 4, run.TotalSteps);
            // ProTeGi's step scored its beam on the training minibatch before asking for gradients.
            Assert.Equal(method == "protegi" ? 48 : 0, run.Steps.Where(s => s.Kind == Contracts.StepKind.Optimize).Sum(s => s.MinibatchExamples.Count));
        }
    }

    [Fact]
    public async Task When_a_method_is_not_known_Should_refuse_it_in_one_line_before_starting_anything()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("compare", "--simulated", "--tasks", "navigate", "--methods", "gpo,sgdm", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("gpo: --methods sgdm: Method 'sgdm' is not known", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(store.Path));
    }

    [Fact]
    public async Task When_the_call_budget_is_below_one_step_Should_say_how_many_calls_one_step_needs()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("compare", "--simulated", "--tasks", "navigate", "--calls", "15", "--candidates", "2", "--max-dev", "8", "--store", store.Path);

        // The seed's 8 dev answers + a step of 2 candidates and their 16 answers = 26, less the one-batch slack of 8.
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--calls 15: below one step of gpo on navigate", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("use at least 18", result.Stderr, StringComparison.Ordinal);
    }
}
