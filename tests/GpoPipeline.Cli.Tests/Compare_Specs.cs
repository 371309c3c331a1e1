using System.Text.Json;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

public sealed class Compare_Specs
{
    // 8 dev examples, two task-model turns each: the seed costs 16 calls, a step 2 + 2·8·2 = 34; 84 calls = 2 steps.
    private const int Calls = 84;
    private const int OneBatch = 8 * 2;

    private static readonly string[] Small =
        ["compare", "--simulated", "--tasks", "navigate,object_counting", "--methods", "gpo,opro,ape", "--calls", "84", "--candidates", "2", "--max-dev", "8", "--max-test", "8", "--json"];

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
    public async Task When_a_method_cannot_run_in_the_pipeline_yet_Should_refuse_it_in_one_line_before_starting_anything()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("compare", "--simulated", "--tasks", "navigate", "--methods", "gpo,protegi", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("gpo: --methods protegi: Method 'protegi' is not yet runnable in the pipeline", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(store.Path));
    }

    [Fact]
    public async Task When_the_call_budget_is_below_one_step_Should_say_how_many_calls_one_step_needs()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("compare", "--simulated", "--tasks", "navigate", "--calls", "40", "--candidates", "2", "--max-dev", "8", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--calls 40: below one step on navigate", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("use at least 50", result.Stderr, StringComparison.Ordinal);
    }
}
