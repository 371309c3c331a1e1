using System.Text.Json;

namespace GpoPipeline.Cli.Tests;

public sealed class Estimate_Specs
{
    [Fact]
    public async Task When_a_run_is_estimated_Should_predict_its_calls_exactly_and_bound_its_tokens()
    {
        using var store = new TempStore();
        string[] config = ["--steps", "2", "--candidates", "3", "--max-dev", "12", "--max-test", "8", "--retrieval", "recency"];
        var data = Path.Combine(RepoRoot(), "data", "bbh", "navigate");

        var estimate = await GpoRun.ExecuteAsync(["estimate", "--data", data, .. config, "--json"]);
        var demo = await GpoRun.ExecuteAsync(["demo", .. config, "--store", store.Path, "--json"]);

        Assert.Equal(0, estimate.ExitCode);
        var predicted = JsonDocument.Parse(estimate.Stdout).RootElement;
        var runId = JsonDocument.Parse(demo.Stdout).RootElement.GetProperty("runId").GetGuid();
        var run = await store.RunAsync(runId);
        // The estimate assumes every candidate is accepted, distinct and new (spec §1 step 6 can only lower it)
        // and that the best prompt differs from the initial one: this seed's run is such a run.
        Assert.All(run.Steps.Where(s => s.Step >= 1 && s.Step <= run.TotalSteps), s => Assert.Equal(3, s.Candidates.Count));
        Assert.NotEqual(run.Settings.InitialPrompt, run.BestPrompt);

        var usage = (await store.UsageAsync(runId)).Where(u => u.Role is "task" or "optimizer").ToList();
        var calls = usage.Sum(u => u.Calls + u.CacheHits);
        // The upper bound asks every example a second round; production asks it only when the first answer states
        // none (issue 15 point 5), and the simulator (a test instrument) states every answer: one task call each.
        var bound = predicted.GetProperty("upperBoundDetail");
        Assert.Equal(predicted.GetProperty("upperBound").GetProperty("calls").GetInt64() - (bound.GetProperty("taskCalls").GetInt64() / 2), calls);
        // Tokens are an upper bound (every reply at its max length), so a budget set from them is never short.
        var tokens = usage.Sum(u => u.InputTokens + u.OutputTokens);
        Assert.InRange(tokens, 1, predicted.GetProperty("upperBound").GetProperty("tokens").GetInt64());
    }

    [Fact]
    public async Task When_the_store_already_holds_answers_Should_say_how_many_of_the_initial_prompts_a_run_takes_from_it()
    {
        // The estimate ignored the store: a task run before was estimated as if every answer were paid again.
        using var store = new TempStore();
        var data = Repo.Data("bbh/navigate");
        var before = await GpoRun.ExecuteAsync("demo", "--steps", "1", "--candidates", "1", "--max-dev", "6", "--max-test", "4", "--store", store.Path, "--json");
        Assert.True(before.ExitCode == 0, before.Stderr);
        string[] larger = ["--steps", "0", "--max-dev", "8", "--max-test", "6"];

        var estimate = await GpoRun.ExecuteAsync(["estimate", "--data", data, .. larger, "--task-model", "sim-task", "--store", store.Path, "--json"]);
        var otherModel = await GpoRun.ExecuteAsync(["estimate", "--data", data, .. larger, "--task-model", "another-model", "--store", store.Path, "--json"]);
        var run = await GpoRun.ExecuteAsync(["demo", .. larger, "--store", store.Path, "--json"]);

        Assert.True(estimate.ExitCode == 0, estimate.Stderr);
        var predicted = JsonDocument.Parse(estimate.Stdout).RootElement;
        var held = predicted.GetProperty("storedAnswers");
        Assert.Equal(predicted.GetProperty("devCount").GetInt32() + predicted.GetProperty("testCount").GetInt32(), held.GetProperty("asked").GetInt32());
        // A run of zero steps asks the initial prompt only: what the estimate said the store holds is what it was not paid for.
        var summary = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(held.GetProperty("stored").GetInt64() > 0, estimate.Stdout);
        Assert.Equal(summary.GetProperty("memoHits").GetInt64(), held.GetProperty("stored").GetInt64());
        Assert.Equal(summary.GetProperty("calls").GetInt64(), held.GetProperty("asked").GetInt64() - held.GetProperty("stored").GetInt64());
        // The task model is part of every answer's key: another model's run would pay them all.
        Assert.Equal(0, JsonDocument.Parse(otherModel.Stdout).RootElement.GetProperty("storedAnswers").GetProperty("stored").GetInt32());
    }

    /// <summary>Issue 18: the expected figure (not only the upper bound) is what users decide with; ±15 % of the actual run.</summary>
    [Theory]
    [InlineData("navigate")]
    [InlineData("movie_recommendation")]
    public async Task When_a_shipped_task_is_estimated_Should_expect_its_tokens_and_cost_within_15_percent(string task)
    {
        using var store = new TempStore();
        string[] config = ["--steps", "3", "--candidates", "4", "--max-dev", "24", "--max-test", "24"];
        const double inputPrice = 0.15, outputPrice = 0.60;

        var estimate = await GpoRun.ExecuteAsync(["estimate", "--data", Repo.Data("bbh/" + task), .. config, "--input-price", "0.15", "--output-price", "0.6", "--json"]);
        var demo = await GpoRun.ExecuteAsync(["demo", "--task", task, .. config, "--store", store.Path, "--json"]);

        var expected = JsonDocument.Parse(estimate.Stdout).RootElement;
        var runId = JsonDocument.Parse(demo.Stdout).RootElement.GetProperty("runId").GetGuid();
        var usage = (await store.UsageAsync(runId)).Where(u => u.Role is "task" or "optimizer").ToList();
        long input = usage.Sum(u => u.InputTokens), output = usage.Sum(u => u.OutputTokens);
        var actualCost = (input * inputPrice + output * outputPrice) / 1e6; // the simulator is free; price its tokens as the estimate does
        Assert.InRange(expected.GetProperty("tokens").GetInt64() / (double)(input + output), 0.85, 1.15);
        Assert.InRange(expected.GetProperty("cost").GetDouble() / actualCost, 0.85, 1.15);
        Assert.True(expected.GetProperty("upperBound").GetProperty("tokens").GetInt64() >= input + output, "the upper bound stays an upper bound");
        var embedding = (await store.UsageAsync(runId)).Where(u => u.Role == "embedding").Sum(u => u.Calls + u.CacheHits);
        Assert.Equal(embedding, expected.GetProperty("embeddingCalls").GetInt64()); // listed too (relevance retrieval)
    }

    [Fact]
    public async Task When_limits_are_given_Should_say_whether_the_estimate_passes_each()
    {
        // --max-calls, --max-tokens and --max-cost were accepted and ignored: nothing said the run would stop early.
        string[] config = ["estimate", "--data", Repo.Data("bbh/navigate"), "--steps", "2", "--candidates", "3", "--max-dev", "12", "--max-test", "8"];
        var plain = JsonDocument.Parse((await GpoRun.ExecuteAsync([.. config, "--json"])).Stdout).RootElement;
        var calls = plain.GetProperty("calls").GetInt64();
        var boundTokens = plain.GetProperty("upperBound").GetProperty("tokens").GetInt64();

        var limited = await GpoRun.ExecuteAsync([.. config, "--max-calls", $"{calls - 1}", "--max-tokens", $"{boundTokens}", "--json"]);
        var text = await GpoRun.ExecuteAsync([.. config, "--max-calls", $"{calls - 1}", "--max-tokens", $"{boundTokens}"]);

        Assert.True(limited.ExitCode == 0, limited.Stderr);
        var limits = JsonDocument.Parse(limited.Stdout).RootElement.GetProperty("limits").EnumerateArray().ToList();
        Assert.Equal(["--max-calls", "--max-tokens"], limits.Select(l => l.GetProperty("option").GetString()));
        Assert.True(limits[0].GetProperty("expectedOver").GetBoolean());
        Assert.Equal(calls, limits[0].GetProperty("expected").GetInt64());
        Assert.False(limits[1].GetProperty("upperBoundOver").GetBoolean());
        Assert.Contains($"--max-calls {calls - 1:N0}: the expected {calls:N0} passes it, so the run stops early", text.Stdout, StringComparison.Ordinal);
        Assert.Contains($"--max-tokens {boundTokens:N0}: fits even the upper bound", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_cost_limit_is_given_without_prices_Should_refuse_it_saying_which_options_price_the_estimate()
    {
        var result = await GpoRun.ExecuteAsync("estimate", "--data", Repo.Data("bbh/navigate"), "--max-cost", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--input-price and --output-price", result.Stderr, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GpoPipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
