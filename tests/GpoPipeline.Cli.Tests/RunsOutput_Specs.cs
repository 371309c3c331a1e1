using System.Text.Json;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

/// <summary>Issue 18: `gpo runs` fits 80 columns with short ids that every command accepts; --json never says step 7 of 6.</summary>
public sealed class RunsOutput_Specs
{
    [Fact]
    public async Task When_a_run_stops_on_its_budget_Should_say_the_resume_needs_a_higher_limit()
    {
        // The resume line alone stopped again at once when pasted: the run's limit is spent (the CLI audit).
        using var store = new TempStore();

        var stopped = await GpoRun.ExecuteAsync("demo", "--steps", "1", "--candidates", "1", "--max-dev", "4", "--max-test", "4", "--max-calls", "2", "--store", store.Path);

        Assert.True(stopped.ExitCode == 3, $"exit {stopped.ExitCode}: {stopped.Stderr}\n{stopped.Stdout}");
        var lines = stopped.Stdout.Split('\n');
        var resume = Array.FindIndex(lines, l => l.StartsWith("resume with: ", StringComparison.Ordinal));
        Assert.True(resume >= 0, stopped.Stdout);
        Assert.StartsWith("add a higher limit than the one reached: --max-calls, --max-cost or --max-tokens", lines[resume + 1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_stopped_run_is_shown_Should_say_why_it_stopped()
    {
        // The reason was printed only at the end of the run's own session; `gpo show` gave the status alone.
        using var store = new TempStore();
        var runId = await DemoRunAsync(store, 3, "--steps", "1", "--candidates", "1", "--max-dev", "4", "--max-test", "4", "--max-calls", "2");
        var reason = (await store.RunAsync(runId)).FailureReason;
        Assert.False(string.IsNullOrEmpty(reason));

        var shown = await GpoRun.ExecuteAsync("show", runId.ToString(), "--store", store.Path);

        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains($"reason: {reason}", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_run_is_shown_as_json_Should_give_its_id_status_and_reason_and_leave_the_embeddings_out()
    {
        // It printed the trajectory alone: no id, no status, no reason, and every prompt's embedding (384 numbers each).
        using var store = new TempStore();
        var runId = await DemoRunAsync(store, 0, "--steps", "2", "--candidates", "2", "--max-dev", "8", "--max-test", "4");
        RunRecord run;
        using (var opened = store.Open())
        {
            run = (await opened.GetRunAsync(runId))!;
            Assert.Contains(run.Trajectory, t => t.Embedding is { Length: > 0 });
            run.Status = RunStatus.Cancelled;
            run.FailureReason = "cancelled with gpo cancel";
            Assert.True(await opened.TryUpdateRunAsync(run));
        }

        var shown = await GpoRun.ExecuteAsync("show", runId.ToString()[..8], "--store", store.Path, "--json");

        Assert.True(shown.ExitCode == 0, shown.Stderr);
        var root = JsonDocument.Parse(shown.Stdout).RootElement;
        Assert.Equal(runId, root.GetProperty("id").GetGuid());
        Assert.Equal("cancelled", root.GetProperty("status").GetString());
        Assert.Equal("cancelled with gpo cancel", root.GetProperty("reason").GetString());
        var trajectory = root.GetProperty("trajectory");
        Assert.Equal(run.Trajectory.Count, trajectory.GetArrayLength());
        Assert.Equal(run.Trajectory[0].Prompt, trajectory[0].GetProperty("prompt").GetString());
        Assert.DoesNotContain("\"embedding\"", shown.Stdout, StringComparison.Ordinal);
        var withEmbedding = run.Trajectory.FindIndex(t => t.Embedding is not null);
        Assert.Equal(run.Trajectory[withEmbedding].Embedding!.Length, trajectory[withEmbedding].GetProperty("embeddingDimensions").GetInt32());
    }

    [Fact]
    public async Task When_cancel_marks_a_run_Should_print_a_resume_line_that_names_the_store()
    {
        // It printed "gpo resume <run>" alone: pasted, it looked in the default store and found no such run.
        using var store = new TempStore();
        var runId = await DemoRunAsync(store, 3, "--steps", "1", "--candidates", "1", "--max-dev", "4", "--max-test", "4", "--max-calls", "2");
        using (var opened = store.Open())
        {
            // As a process killed mid-run leaves it.
            var run = (await opened.GetRunAsync(runId))!;
            run.Status = Trajectories.RunStatus.Running;
            Assert.True(await opened.TryUpdateRunAsync(run));
        }

        var cancelled = await GpoRun.ExecuteAsync("cancel", runId.ToString()[..8], "--store", store.Path);

        Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
        Assert.Contains($"resume with gpo resume {runId} --store {store.Path}", cancelled.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_completed_run_is_resumed_Should_point_to_gpo_show_with_the_store()
    {
        using var store = new TempStore();
        var runId = await DemoRunAsync(store, 0, "--steps", "1", "--candidates", "1", "--max-dev", "4", "--max-test", "4");

        var resumed = await GpoRun.ExecuteAsync("resume", runId.ToString(), "--store", store.Path);

        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains($"see gpo show {runId} --store {store.Path}.", resumed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_runs_are_listed_Should_show_short_ids_that_show_accepts_and_steps_within_the_total()
    {
        using var store = new TempStore();
        var runId = (await DemoRunAsync(store, 0, "--steps", "1", "--candidates", "1", "--max-dev", "4", "--max-test", "4")).ToString();

        var table = await GpoRun.ExecuteAsync("runs", "--store", store.Path);
        var json = await GpoRun.ExecuteAsync("runs", "--store", store.Path, "--json");
        var shown = await GpoRun.ExecuteAsync("show", runId[..8], "--store", store.Path);

        Assert.Contains(runId[..8], table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(runId, table.Stdout, StringComparison.Ordinal);
        Assert.All(table.Stdout.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.True(json.ExitCode == 0, $"runs --json: {json.Stderr}\n{json.Stdout}");
        var listed = JsonDocument.Parse(json.Stdout).RootElement[0];
        Assert.True(listed.GetProperty("currentStep").GetInt32() <= listed.GetProperty("totalSteps").GetInt32(), json.Stdout);
        Assert.Equal("finished", listed.GetProperty("phase").GetString());
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains(runId, shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_runs_lists_fewer_runs_than_the_store_holds_Should_print_ids_that_name_one_stored_run()
    {
        // The prefix told the listed runs apart only: with --limit 1 it printed "aaaaaaaa", which `gpo show` refused as
        // naming two runs of the store.
        using var store = new TempStore();
        await StoreRunsAsync(store, (Older, 1), (Newer, 2));

        var listed = await GpoRun.ExecuteAsync("runs", "--limit", "1", "--store", store.Path);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        var printed = listed.Stdout.Split('\n').Select(l => l.Trim().Split(' ')[0]).Single(w => w.StartsWith("aaaaaaaa", StringComparison.Ordinal));
        var shown = await GpoRun.ExecuteAsync("show", printed, "--store", store.Path);

        Assert.Equal("aaaaaaaa-bbbb-4d", printed);
        Assert.True(shown.ExitCode == 0, $"show {printed}: exit {shown.ExitCode}: {shown.Stderr}");
        Assert.Contains(Newer.ToString(), shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_prefix_names_several_runs_Should_name_each_by_a_prefix_that_tells_it_apart()
    {
        // It named them cut at 13 characters: "aaaaaaaa-bbbb, aaaaaaaa-bbbb…", the same text twice.
        using var store = new TempStore();
        await StoreRunsAsync(store, (Older, 1), (Newer, 2));

        var shown = await GpoRun.ExecuteAsync("show", "aaaaaaaa", "--store", store.Path);

        Assert.Equal(2, shown.ExitCode);
        Assert.Contains("aaaaaaaa names 2 runs: ", shown.Stderr, StringComparison.Ordinal);
        Assert.Contains("aaaaaaaa-bbbb-4c (navigate, completed, ", shown.Stderr, StringComparison.Ordinal);
        Assert.Contains("aaaaaaaa-bbbb-4d (navigate, completed, ", shown.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("…", shown.Stderr, StringComparison.Ordinal);
    }

    private static readonly Guid Older = Guid.Parse("aaaaaaaa-bbbb-4ccc-8000-000000000001");
    private static readonly Guid Newer = Guid.Parse("aaaaaaaa-bbbb-4ddd-8000-000000000002");

    /// <summary>A demo run into <paramref name="store"/> that ends with <paramref name="exitCode"/>; its id.</summary>
    private static async Task<Guid> DemoRunAsync(TempStore store, int exitCode, params string[] settings)
    {
        var demo = await GpoRun.ExecuteAsync(["demo", .. settings, "--store", store.Path, "--json"]);
        Assert.True(demo.ExitCode == exitCode, $"demo: exit {demo.ExitCode}: {demo.Stderr}\n{demo.Stdout}");
        return JsonDocument.Parse(demo.Stdout).RootElement.GetProperty("runId").GetGuid();
    }

    /// <summary>Completed runs with chosen ids, created <c>minutes</c> past a fixed hour (newest listed first).</summary>
    private static async Task StoreRunsAsync(TempStore store, params (Guid Id, int Minutes)[] runs)
    {
        using var opened = store.Open();
        foreach (var (id, minutes) in runs)
        {
            var createdAt = new DateTime(2026, 1, 1, 12, minutes, 0, DateTimeKind.Utc);
            Assert.True(await opened.TryCreateRunAsync(new RunRecord
            {
                Id = id, Task = "navigate", Status = RunStatus.Completed, TotalSteps = 1, CurrentStep = 2,
                Settings = new Contracts.RunSettings { DataPath = "/no/such/data" }, CreatedAt = createdAt, UpdatedAt = createdAt,
            }));
        }
    }

    [Fact]
    public async Task When_a_run_stops_and_the_output_is_piped_Should_print_the_resume_line_and_the_report_path_unbroken()
    {
        using var store = new TempStore();
        var folder = Path.Combine(store.Folder, "a folder with a long name that would have wrapped at eighty columns", "reports");

        var result = await GpoRun.ExecuteAsync("demo", "--steps", "2", "--candidates", "2", "--max-dev", "8", "--max-test", "4", "--max-calls", "40", "--store", store.Path, "--out", folder);

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}: {result.Stderr}\n{result.Stdout}");
        var lines = result.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("report: ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("report.html", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("resume with: gpo resume ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(store.Path, StringComparison.Ordinal));
    }
}
