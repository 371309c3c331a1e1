using System.Globalization;
using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Tests.Support;

namespace GpoPipeline.Optimization.Tests;

/// <summary>
/// Drives every catalog strategy through the worker's step protocol (IOptimizerStrategy) with a scripted
/// optimizer and scorer: what the generation worker will do, without the bus.
/// </summary>
public class StrategyLoop_Specs
{
    public static TheoryData<string> Methods => [.. StrategyCatalog.Names];

    [Theory]
    [MemberData(nameof(Methods))]
    public void When_run_for_four_steps_Should_score_new_candidates_every_step_within_eight_per_step(string method)
    {
        var strategy = StrategyCatalog.Create(method);
        var state = SearchState.Start("Let's think step by step.", 0.3);
        var replies = 0;
        for (var step = 1; step <= 4; step++)
        {
            var context = StrategyFixture.Context(state, step, minibatch: null) with
            {
                Minibatch = state.Beam.ToDictionary(b => b.Prompt, b => Minibatch(b.Prompt, strategy.MinibatchSize), StringComparer.Ordinal),
            };
            var reflections = Answer(strategy.Reflect(context), ref replies);
            var candidates = strategy.Candidates(context, Answer(strategy.Propose(context, reflections), ref replies));
            Assert.InRange(candidates.Count, 1, 8);
            Assert.All(candidates, c => Assert.False(state.WasEvaluated(c.Prompt)));
            Assert.Equal(Enumerable.Range(0, candidates.Count), candidates.Select(c => c.Index));
            Assert.All(candidates, c => Assert.Contains(c.Parent, state.Beam.Select(b => b.Prompt)));
            state = strategy.Advance(state, [.. candidates.Select(c => new ScoredCandidate(c.Index, c.Prompt, Score(c.Prompt)))], step);
        }

        Assert.True(state.Best.DevScore > 0.3, $"{method} never found a prompt above the seed");
        Assert.InRange(state.Beam.Count, 1, 4);
    }

    [Theory]
    [InlineData("gpo", 0, 8)]
    [InlineData("opro", 0, 8)]
    [InlineData("ape", 0, 8)]
    [InlineData("pe2", 1, 8)]
    [InlineData("apo-gpo-code", 1, 8)]
    [InlineData("pe2-gpo-code", 0, 8)]
    [InlineData("protegi", 4, 4)] // one beam prompt at step 1: 4 gradients, 4 edit calls asking for 2 prompts each
    public void When_counting_optimizer_calls_at_the_first_step_Should_match_the_method_design(string method, int reflect, int propose)
    {
        var strategy = StrategyCatalog.Create(method);
        var state = SearchState.Start("Let's think step by step.", 0.3);
        var context = StrategyFixture.Context(state, 1);
        var replies = 0;
        var reflections = Answer(strategy.Reflect(context), ref replies);
        Assert.Equal(reflect, reflections.Count);
        Assert.Equal(propose, strategy.Propose(context, reflections).Sum(r => r.Samples));
    }

    // A scripted optimizer: answers in the format each meta-prompt asks for, with a new prompt every time.
    private static List<OptimizerReply> Answer(IReadOnlyList<OptimizerRequest> requests, ref int counter)
    {
        var replies = new List<OptimizerReply>();
        foreach (var request in requests)
        {
            for (var i = 0; i < request.Samples; i++)
            {
                var prompt = string.Create(CultureInfo.InvariantCulture, $"Solve it step by step, variant {++counter}.");
                var text = request.MetaPrompt;
                var reply = request.Phase == RequestPhase.Reflect ? "<START>It ignores operator precedence.<END>"
                    : text.Contains("<INS>", StringComparison.Ordinal) ? $"<INS>{prompt}</INS>"
                    : text.Contains("new prompts are:", StringComparison.Ordinal) ? $"<START>{prompt}<END><START>{prompt} Check twice.<END>"
                    : text.Contains("<START>", StringComparison.Ordinal) ? $"<START>{prompt}<END>"
                    : prompt;
                replies.Add(new OptimizerReply(request, reply));
            }
        }

        return replies;
    }

    // A scripted scorer: a stable pseudo-score in [0, 1) per prompt.
    private static double Score(string prompt) => (PromptKey.Of(prompt).Aggregate(17, (h, c) => unchecked((h * 31) + c)) & 0xFFFF) / 65536.0;

    private static IReadOnlyList<MinibatchExample> Minibatch(string prompt, int size) =>
        [.. Enumerable.Range(0, Math.Min(size, 6)).Select(i => new MinibatchExample($"question {i}", $"output {i}", $"label {i}", (i + prompt.Length) % 3 == 0))];
}
