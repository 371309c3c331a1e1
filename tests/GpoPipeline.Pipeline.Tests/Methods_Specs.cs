using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Trajectories;
using Xunit.Abstractions;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class Methods_Specs(MethodRuns runs, ITestOutputHelper output) : IClassFixture<MethodRuns>
{
    public static TheoryData<string> Methods => [.. MethodRuns.Methods];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task When_a_run_uses_a_baseline_or_ablation_method_Should_complete_through_the_workers_on_the_simulator(string method)
    {
        var run = await runs.CompletedAsync(method);

        Assert.True(run.Status == RunStatus.Completed, $"{method}: run ended {run.Status}: {run.FailureReason}");
        Assert.Equal(method, run.Configuration!.Method);
        Assert.Equal(run.TotalSteps + 1, run.Trajectory.Count);
        Assert.NotNull(run.BestTestScore);
        var route = PipelineMethods.Route(method);
        Assert.Equal(route.Retrieval, run.Configuration.Retrieval.Strategy);
        foreach (var step in run.Steps.Where(s => s.Step is > 0 && s.Step <= run.TotalSteps))
        {
            // Every step scored new prompts, each with the edit distance to the prompt it refined.
            Assert.NotEmpty(step.Candidates);
            Assert.All(step.Candidates, c => Assert.NotNull(c.DevScore));
            Assert.Equal(route.Budget!.Schedule == BudgetSchedule.None, step.EditBudget is null);
        }

        var prompts = run.Steps.Where(s => s.Kind != Contracts.StepKind.Test).SelectMany(s => s.Candidates).Select(c => PromptKey.Of(c.Prompt)).ToList();
        Assert.Equal(prompts.Count, prompts.Distinct().Count());
    }

    [Fact]
    public async Task When_APE_runs_Should_resample_around_the_best_prompt_scored_before_each_step()
    {
        var run = await runs.CompletedAsync("ape");

        Assert.Equal(RunStatus.Completed, run.Status);
        var scored = new List<(string Prompt, double Score)> { (run.Trajectory[0].Prompt, run.Trajectory[0].DevScore) };
        foreach (var step in run.Steps.Where(s => s.Step is > 0 && s.Step <= run.TotalSteps).OrderBy(s => s.Step))
        {
            var best = scored.OrderByDescending(p => p.Score).First().Prompt;
            Assert.All(step.Candidates, c => Assert.Equal(WordEditDistance.Between(best, c.Prompt), c.EditDistance));
            scored.AddRange(step.Candidates.Select(c => (c.Prompt, c.DevScore!.Value)));
        }

        // The trajectory keeps each step's best candidate, so the reported prompt is the best scored one.
        Assert.Equal(scored.Max(p => p.Score), run.BestDevScore);
    }

    [Fact]
    public async Task When_OPRO_or_APE_runs_Should_make_no_embedding_call()
    {
        foreach (var method in new[] { "opro", "ape" })
        {
            var run = await runs.CompletedAsync(method);
            var usage = await runs.Cluster.Store.GetUsageAsync(run.Id);
            Assert.DoesNotContain(usage, u => u.Role.Equals("embedding", StringComparison.OrdinalIgnoreCase) && u.Calls > 0);
            Assert.Contains(usage, u => u.Role.Equals("optimizer", StringComparison.OrdinalIgnoreCase) && u.Calls > 0);
        }
    }

    [Theory]
    [InlineData("protegi")]
    [InlineData("pe2")]
    [InlineData("apo-gpo-code")]
    public async Task When_a_method_reads_errors_Should_score_each_step_s_beam_on_a_train_minibatch_first_and_finish_within_its_call_budget(string method)
    {
        var run = await runs.CompletedAsync(method);

        Assert.True(run.Status == RunStatus.Completed, $"{method}: run ended {run.Status}: {run.FailureReason}");
        var strategy = StrategyCatalog.Create(method);
        var minibatchAnswers = 0;
        foreach (var step in run.Steps.Where(s => s.Kind == Contracts.StepKind.Optimize))
        {
            Assert.Equal(Math.Min(strategy.MinibatchSize, run.TrainCount), step.MinibatchExamples.Count);
            Assert.Equal(MinibatchPicker.Pick(run.TrainCount, strategy.MinibatchSize, run.Configuration!.Seed, step.Step), step.MinibatchExamples);
            Assert.NotEmpty(step.Probes);
            var scores = (await runs.Cluster.Store.GetBatchScoresAsync(run.Id, step.Step)).Where(s => s.Split == "train-minibatch").ToList();
            // Every probe (beam prompt) answered every minibatch example, recorded through the normal BatchScored path.
            Assert.Equal(step.Probes.Count * step.MinibatchExamples.Count, scores.Sum(s => s.Total));
            minibatchAnswers += scores.Sum(s => s.Total);
        }

        Assert.True(method != "protegi" || run.Steps.Any(s => s.Probes.Count > 1), "ProTeGi's beam never held more than one prompt");
        // At least one step's candidates came from the method's replies, not the kept current prompt.
        Assert.Contains(run.Steps, s => s.Kind == Contracts.StepKind.Optimize && s.Note is null && s.Candidates.Count > 0);
        var usage = await runs.Cluster.Store.GetUsageAsync(run.Id);
        var calls = usage.Sum(u => u.Calls);
        var optimizer = usage.Where(u => u.Role == "optimizer").Sum(u => u.Calls);
        output.WriteLine($"{method} on the simulator (a test instrument): {calls} calls ({optimizer} optimizer), {minibatchAnswers} minibatch answers, train {run.TrainCount}, budget {MethodRuns.ErrorMethodsMaxCalls}");
        Assert.InRange(calls, 1, MethodRuns.ErrorMethodsMaxCalls);
        Assert.True(optimizer > run.TotalSteps * run.Configuration!.Candidates, $"{method}: {optimizer} optimizer calls, expected reflections besides the candidates");
    }
}
