using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

/// <summary>Issue 18: `gpo resume` resumes what was started — same store, same endpoint, same models — as printed.</summary>
public sealed class ResumeExactly_Specs
{
    [Fact]
    public async Task When_the_printed_resume_line_is_run_as_printed_Should_find_the_run_and_call_the_recorded_endpoint()
    {
        await using var endpoint = await RealEndpoint.StartAsync();
        using var store = new TempStore();
        // A budget stop ends the run at a deterministic point (no timing): the run needs more than 12 calls.
        var stopped = await GpoProcess.RunAsync(RealEndpoint.Environment, endpoint.Optimize(store.Path, "--max-calls", "12"));
        var line = stopped.Stdout.Split('\n').Single(l => l.StartsWith("resume with: ", StringComparison.Ordinal));
        var printed = line["resume with: ".Length..].Trim().Split(' ');
        var callsBefore = endpoint.ChatRequests;

        // Another terminal: no model options, and an environment that points elsewhere. A resume must not follow it.
        var elsewhere = new Dictionary<string, string?>(RealEndpoint.Environment) { ["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1/", ["Llm__Task__Model"] = "other" };
        var asPrinted = await GpoProcess.RunAsync(elsewhere, printed[1..]);
        var withMoreBudget = await GpoProcess.RunAsync(elsewhere, [.. printed[1..], "--max-calls", "100000"]);

        Assert.Equal(3, stopped.ExitCode);
        Assert.Equal("gpo", printed[0]);
        Assert.Contains("--store", printed);
        Assert.True(asPrinted.ExitCode == 3, asPrinted.Stderr + asPrinted.Stdout); // found the run; the same budget stops it again
        Assert.True(withMoreBudget.ExitCode == 0, withMoreBudget.Stderr + withMoreBudget.Stdout);
        Assert.True(endpoint.ChatRequests > callsBefore, "the resumed run called the endpoint it was started with");
        var runId = Guid.Parse(printed[2]);
        var run = await store.RunAsync(runId);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(endpoint.BaseUrl, run.Settings.Models!.Task.BaseUrl);
        Assert.Equal("sim-optimizer", run.Settings.Models.Optimizer.Model);
    }

    [Fact]
    public async Task When_model_options_are_given_to_a_run_that_recorded_its_models_Should_refuse_them()
    {
        await using var endpoint = await RealEndpoint.StartAsync();
        using var store = new TempStore();
        var stopped = await GpoProcess.RunAsync(RealEndpoint.Environment, endpoint.Optimize(store.Path, "--max-calls", "12"));
        var runId = stopped.Stdout.Split("run ")[1][..36];

        var result = await GpoProcess.RunAsync(RealEndpoint.Environment, "resume", runId, "--store", store.Path, "--task-model", "gpt-4o");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("a resume uses exactly them", result.Stderr, StringComparison.Ordinal);
    }
}
