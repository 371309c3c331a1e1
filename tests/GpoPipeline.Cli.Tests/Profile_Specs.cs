using System.Text.Json;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// Issue 15: `gpo optimize --profile paper` and the default both run a shipped task end to end (on the simulator, a
/// test instrument), store the profile with the run, and `gpo show` / `gpo report` name it and the similarity used.
/// </summary>
public sealed class Profile_Specs
{
    [Fact]
    public async Task When_optimize_runs_with_profile_paper_and_with_the_default_Should_complete_both_and_show_their_profiles()
    {
        await using var endpoint = await RealEndpoint.StartAsync();
        using var store = new TempStore();

        var paper = await GpoProcess.RunAsync(RealEndpoint.Environment, TwoSteps(endpoint.Optimize(store.Path, "--profile", "paper", "--json")));
        var standard = await GpoProcess.RunAsync(RealEndpoint.Environment, TwoSteps(endpoint.Optimize(store.Path, "--json")));

        Assert.True(paper.ExitCode == 0, paper.Stderr + paper.Stdout);
        Assert.True(standard.ExitCode == 0, standard.Stderr + standard.Stdout);
        var paperRun = await store.RunAsync(RunId(paper));
        var standardRun = await store.RunAsync(RunId(standard));
        Assert.Equal(RunStatus.Completed, paperRun.Status);
        Assert.Equal(RunStatus.Completed, standardRun.Status);
        Assert.Equal(RunProfile.Paper, paperRun.Configuration!.Profile);
        Assert.Equal(RunProfile.Production, standardRun.Configuration!.Profile);

        // The paper profile scores every selected prompt on test (optimize.py line 989); production the seed and best.
        Assert.All(paperRun.Trajectory, t => Assert.NotNull(t.TestScore));
        Assert.True(standardRun.Trajectory.Count(t => t.TestScore is not null) <= 2);

        var shownPaper = await GpoRun.ExecuteAsync("show", paperRun.Id.ToString(), "--store", store.Path);
        var shownStandard = await GpoRun.ExecuteAsync("show", standardRun.Id.ToString(), "--store", store.Path);
        Assert.Contains("Profile: paper", shownPaper.Stdout, StringComparison.Ordinal);
        Assert.Contains("Profile: production", shownStandard.Stdout, StringComparison.Ordinal);
        // No embedding model configured: relevance retrieval used the shipped MiniLM, and says so.
        Assert.Contains("Similarity: all-MiniLM-L6-v2 (local)", shownPaper.Stdout, StringComparison.Ordinal);

        var report = await GpoRun.ExecuteAsync("report", paperRun.Id.ToString(), "--store", store.Path, "--out", Path.Combine(store.Folder, "report"));
        Assert.True(report.ExitCode == 0, report.Stderr + report.Stdout);
        var html = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(store.Folder, "report"), "*.html").Single());
        Assert.Contains("Profile: paper", html, StringComparison.Ordinal);
        Assert.Contains("Similarity: all-MiniLM-L6-v2 (local)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_optimize_is_given_an_unknown_profile_Should_refuse_it_naming_the_known_ones()
    {
        using var store = new TempStore();

        var result = await GpoRun.ExecuteAsync(
            "optimize", "--data", Repo.Data("bbh/navigate"), "--task-model", "m", "--optimizer-model", "m", "--profile", "faithful", "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("faithful", StringComparison.Ordinal));
        Assert.Contains("production", line, StringComparison.Ordinal);
        Assert.Contains("paper", line, StringComparison.Ordinal);
    }

    private static string[] TwoSteps(string[] args)
    {
        args[Array.IndexOf(args, "--steps") + 1] = "2";
        return args;
    }

    private static Guid RunId(GpoRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("runId").GetGuid();
}
