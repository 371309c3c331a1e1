using System.Text.Json;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

public sealed class MethodOption_Specs
{
    [Fact]
    public async Task When_a_run_names_a_baseline_method_Should_complete_with_that_method_recorded()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("demo", "--method", "opro", "--steps", "2", "--candidates", "2", "--max-dev", "8", "--max-test", "8", "--store", store.Path, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        var run = await store.RunAsync(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("runId").GetGuid());
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("opro", run.Configuration!.Method);
        Assert.All(run.Steps.Where(s => s.Step is > 0 and <= 2), s => Assert.Null(s.EditBudget));
    }

    [Fact]
    public async Task When_the_method_is_unknown_Should_list_the_runnable_methods_in_one_line_and_start_nothing()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync("demo", "--method", "gpo-fast", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("Method 'gpo-fast' is not known; expected one of: gpo, gpo-no-retrieval", line, StringComparison.Ordinal);
        Assert.Contains("opro, ape", line, StringComparison.Ordinal);
    }
}
