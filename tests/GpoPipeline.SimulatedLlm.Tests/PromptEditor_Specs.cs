using GpoPipeline.Optimization.Candidates;
using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Determinism;
using GpoPipeline.SimulatedLlm.Optimizer;
using Xunit.Abstractions;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class PromptEditor_Specs(ITestOutputHelper output)
{
    private const int Seeds = 200;

    // An ~11-word prompt of the kind GPO's runs select after a few steps; its sentences are in none of the phrase pools.
    private const string Current = "Let's solve this one move at a time. Keep a note of each turn.";

    private static readonly KnownExample Navigate = new("bbh", "navigate", "If you follow these instructions, do you return to the starting point?", ["No"], AnswerKind.Boolean);

    private static MetaPrompt Meta(int? budget) => new(
        [new(Current, 0.56), new("Let's think step by step.", 0.50), new("Read the question carefully. Think step by step.", 0.54)],
        Current, budget, Navigate);

    private static List<string> Write(int? budget, double rewriteRate, bool overBudget = false) =>
        [.. Enumerable.Range(0, Seeds).Select(seed => new PromptEditor(Meta(budget), new SeededRandom((ulong)seed), rewriteRate).Write(overBudget))];

    private static double MeanEdit(IEnumerable<string> prompts) => prompts.Average(p => WordEditDistance.Between(p, Current));

    [Fact]
    public void When_the_meta_prompt_sets_no_word_budget_Should_change_at_least_twice_as_many_words_as_with_a_budget_of_50()
    {
        var rate = new SimulatorOptions().UnboundedRewriteRate;

        var unbounded = MeanEdit(Write(budget: null, rate));
        var bounded = MeanEdit(Write(budget: 50, rate));

        output.WriteLine($"mean word edit over {Seeds} seeds on the simulator (a test instrument): no budget {unbounded:0.0}, budget 50 {bounded:0.0} (rewrite rate {rate})");
        Assert.True(unbounded >= 2 * bounded, $"no budget {unbounded:0.0} words, budget 50 {bounded:0.0}: expected at least twice as many");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(30)]
    public void When_the_meta_prompt_sets_a_budget_of_N_words_Should_never_change_more_than_N_unless_asked_to(int budget)
    {
        var within = Write(budget, rewriteRate: 1);
        var over = Write(budget, rewriteRate: 1, overBudget: true);

        Assert.All(within, p => Assert.InRange(WordEditDistance.Between(p, Current), 1, budget));
        Assert.All(over, p => Assert.True(WordEditDistance.Between(p, Current) > budget, $"asked over the budget of {budget}, got: {p}"));
    }

    [Fact]
    public void When_a_budget_is_set_Should_write_the_same_prompts_whatever_the_rewrite_rate()
    {
        Assert.Equal(Write(budget: 20, rewriteRate: 0), Write(budget: 20, rewriteRate: 1));
        Assert.Equal(Write(budget: 20, rewriteRate: 0, overBudget: true), Write(budget: 20, rewriteRate: 1, overBudget: true));
    }

    [Fact]
    public void When_every_unbounded_reply_rewrites_Should_keep_at_most_one_sentence_of_the_prompts_shown()
    {
        var shownSentences = new[] { "Let's solve this one move at a time.", "Keep a note of each turn." };

        var rewrites = Write(budget: null, rewriteRate: 1);

        Assert.All(rewrites, p => Assert.True(shownSentences.Count(s => p.Contains(s, StringComparison.Ordinal)) <= 1, $"kept more than one sentence: {p}"));
        var edits = rewrites.Select(p => WordEditDistance.Between(p, Current)).Order().ToList();
        output.WriteLine($"rewrites on the simulator (a test instrument): word edit median {edits[edits.Count / 2]}, 10th-90th percentile {edits[edits.Count / 10]}-{edits[edits.Count * 9 / 10]}; e.g. {string.Join(" | ", rewrites.Take(3))}");
        Assert.InRange(edits[edits.Count / 2], 12, 40);
    }
}
