using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Strategies;

namespace GpoPipeline.Optimization.Tests.Support;

/// <summary>A small boolean-expressions run shared by the strategy specs: three scored steps and a minibatch.</summary>
public static class StrategyFixture
{
    public static readonly Example[] Examples =
    [
        Example.Of("not True or False and True and True is", "False"),
        Example.Of("True or ( True or not True ) is", "True"),
        Example.Of("False or not False or not not True is", "True"),
    ];

    /// <summary>Seed 0.4583 → step 1 picks 0.5 → step 2 picks 0.625 (greedy, as GPO would).</summary>
    public static SearchState ThreeSteps(IOptimizerStrategy strategy)
    {
        var state = SearchState.Start("Let's think step by step.", 0.4583333333333333);
        state = strategy.Advance(state, [new(0, "Evaluate the expression carefully, step by step.", 0.5), new(1, "Answer True or False.", 0.375)], 1);
        return strategy.Advance(state, [new(0, "Think step by step and answer with True or False.", 0.625)], 2);
    }

    public static IReadOnlyList<MinibatchExample> Minibatch =>
    [
        new("not ( True ) and ( True ) is", "Let's evaluate: not True is False, False and True is False. The answer is True.", "False", false),
        new("True and not not ( not False ) is", "The answer is True.", "True", true),
        new("not False or ( False ) and True is", "False", "True", false),
    ];

    public static StepContext Context(SearchState state, int step = 3, IReadOnlyList<MinibatchExample>? minibatch = null) => new()
    {
        State = state,
        Step = step,
        TotalSteps = 18,
        FormatExamples = Examples,
        Seed = 0,
        Minibatch = state.Beam.ToDictionary(b => b.Prompt, _ => minibatch ?? Minibatch, StringComparer.Ordinal),
    };

    public static OptimizerReply Reply(OptimizerRequest request, string? text) => new(request, text);

    /// <summary>A multi-turn request as "[role]" headed blocks, for golden files.</summary>
    public static string Transcript(OptimizerRequest request) =>
        string.Join("\n\n", request.Turns.Select(t => $"[{t.Role}]\n{t.Text}"));

    public static IReadOnlyList<ScoredCandidate> Scored(params (string Prompt, double Score)[] candidates) =>
        candidates.Select((c, i) => new ScoredCandidate(i, c.Prompt, c.Score)).ToList();
}
