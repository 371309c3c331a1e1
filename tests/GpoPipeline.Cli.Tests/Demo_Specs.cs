using System.Net;
using System.Text.Json;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

public sealed class Demo_Specs
{
    private static readonly string[] Small = ["--steps", "2", "--candidates", "2", "--max-dev", "8", "--max-test", "8"];

    [Fact]
    public async Task When_demo_runs_a_small_configuration_Should_complete_and_print_a_parsable_summary_and_a_report()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync(["demo", .. Small, "--store", store.Path, "--json"]);

        Assert.True(result.ExitCode == 0, result.Stderr + result.Stdout);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        var run = await store.RunAsync(root.GetProperty("runId").GetGuid());
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(3, run.Trajectory.Count);
        Assert.Equal(run.BestPrompt, root.GetProperty("bestPrompt").GetString());

        var report = root.GetProperty("report").GetString()!;
        var html = await File.ReadAllTextAsync(report);
        Assert.Contains("simulated LLM, a test instrument", html, StringComparison.Ordinal);
        Assert.All(run.Trajectory, entry => Assert.Contains(WebUtility.HtmlEncode(entry.Prompt), html, StringComparison.Ordinal));
        foreach (var chart in new[] { "dev-score.png", "budget.png", "candidates.png", "test-score.png", "spend.png" })
        {
            var png = await File.ReadAllBytesAsync(Path.Combine(Path.GetDirectoryName(report)!, chart));
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
            Assert.True(png.Length > 5_000, $"{chart} is {png.Length} bytes");
        }
    }

    [Fact]
    public async Task When_runs_and_show_are_asked_for_json_Should_print_the_stored_run()
    {
        using var store = new TempStore();
        var demo = await GpoRun.ExecuteAsync(["demo", .. Small, "--store", store.Path, "--json"]);
        var runId = JsonDocument.Parse(demo.Stdout).RootElement.GetProperty("runId").GetGuid();

        var runs = await GpoRun.ExecuteAsync("runs", "--store", store.Path, "--json");
        var show = await GpoRun.ExecuteAsync("show", runId.ToString(), "--store", store.Path, "--json");

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(runId, JsonDocument.Parse(runs.Stdout).RootElement[0].GetProperty("id").GetGuid());
        var shown = JsonDocument.Parse(show.Stdout).RootElement;
        Assert.Equal(runId, shown.GetProperty("id").GetGuid());
        var trajectory = shown.GetProperty("trajectory");
        Assert.Equal(3, trajectory.GetArrayLength());
        Assert.Equal("Let's think step by step.", trajectory[0].GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task When_the_demo_runs_again_on_its_store_Should_say_how_many_calls_the_stored_answers_saved()
    {
        using var store = new TempStore();
        var first = await GpoRun.ExecuteAsync(["demo", .. Small, "--store", store.Path]);
        var again = await GpoRun.ExecuteAsync(["demo", .. Small, "--store", store.Path]);
        var json = await GpoRun.ExecuteAsync(["demo", .. Small, "--store", store.Path, "--json"]);

        Assert.True(first.ExitCode == 0, first.Stderr + first.Stdout);
        Assert.True(again.ExitCode == 0, again.Stderr + again.Stdout);
        Assert.True(json.ExitCode == 0, json.Stderr + json.Stdout);
        // The first run's summary line has nothing to say about the store (it said "0 cache hits" on the repeat too).
        Assert.DoesNotContain("answered from the store", first.Stdout, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(json.Stdout).RootElement;
        var usage = await store.UsageAsync(summary.GetProperty("runId").GetGuid());
        var task = usage.Where(u => u.Role == "task").ToList();
        Assert.Equal(0, task.Sum(u => u.Calls));
        Assert.True(task.Sum(u => u.MemoHits) > 0, "the repeated run's task answers all came from the store, yet no memo hit was counted");
        Assert.Equal(usage.Sum(u => u.MemoHits), summary.GetProperty("memoHits").GetInt64());
        Assert.Contains(usage.Sum(u => u.MemoHits).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " answered from the store", again.Stdout, StringComparison.Ordinal);
    }
}
