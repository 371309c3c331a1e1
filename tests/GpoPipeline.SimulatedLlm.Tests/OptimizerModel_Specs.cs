using GpoPipeline.Optimization.Candidates;
using Xunit.Abstractions;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class OptimizerModel_Specs(ITestOutputHelper output)
{
    private const string Current = "Let's think step by step. Check the final answer.";
    private const int Budget = 10;

    private static string MetaPrompt() => MetaPrompts.Build(
        Current, Budget, [.. Example.Load(TestData.Split("bbh", "navigate", "format")).Take(3)],
        (Current, 56.25), ("Let's think step by step.", 50.0), ("Read the question carefully. Think step by step.", 54.17));

    [Fact]
    public async Task When_the_meta_prompt_sets_a_word_budget_Should_keep_within_it_except_at_about_the_over_budget_rate()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 3, DataRoot = TestData.Root, OverBudgetRate = 0.15, MalformedRate = 0 });
        using var client = new SimClient(sim);

        var candidates = new List<string>();
        for (var seed = 0; seed < 25; seed++)
        {
            var replies = await client.ChatAsync(Requests.Optimizer(MetaPrompt(), seed, n: 8));
            candidates.AddRange(replies.Select(r => Replies.Candidate(r) ?? throw new Xunit.Sdk.XunitException($"no <START>/<END> in: {r}")));
        }

        var over = candidates.Count(c => Replies.WordEditDistance(c, Current) > Budget);
        var rate = (double)over / candidates.Count;
        output.WriteLine($"{over}/{candidates.Count} over budget; distinct: {candidates.Distinct().Count()}; e.g. {string.Join(" | ", candidates.Take(4))}");
        Assert.InRange(rate, 0.07, 0.25);
        Assert.True(candidates.Distinct().Count() > candidates.Count / 2, "candidates should mostly differ");
        Assert.DoesNotContain(Current, candidates);
    }

    [Fact]
    public async Task When_over_budget_replies_are_switched_off_Should_keep_every_candidate_within_the_budget()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 5, DataRoot = TestData.Root, OverBudgetRate = 0, MalformedRate = 0 });
        using var client = new SimClient(sim);

        var replies = await client.ChatAsync(Requests.Optimizer(MetaPrompt(), seed: 42, n: 64));

        Assert.All(replies, r => Assert.InRange(Replies.WordEditDistance(Replies.Candidate(r)!, Current), 1, Budget));
    }

    [Fact]
    public async Task When_every_reply_is_malformed_Should_miss_the_end_marker_or_leave_the_tags_empty()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 5, DataRoot = TestData.Root, MalformedRate = 1 });
        using var client = new SimClient(sim);

        var replies = await client.ChatAsync(Requests.Optimizer(MetaPrompt(), seed: 7, n: 16));

        Assert.All(replies, r => Assert.True(Replies.Candidate(r) is null or "", $"well-formed reply: {r}"));
    }

    [Fact]
    public async Task When_the_meta_prompt_shows_navigate_exemplars_Should_propose_navigate_phrases_in_some_candidates()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 3, DataRoot = TestData.Root, MalformedRate = 0 });
        using var client = new SimClient(sim);

        var replies = await client.ChatAsync(Requests.Optimizer(MetaPrompt(), seed: 1, n: 64));

        Assert.Contains(replies, r => Replies.Candidate(r)!.Contains("direction", StringComparison.Ordinal)
            || Replies.Candidate(r)!.Contains("starting point", StringComparison.Ordinal));
    }
}
