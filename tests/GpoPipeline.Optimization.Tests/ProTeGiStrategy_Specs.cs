using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Tests.Support;
using static GpoPipeline.Optimization.Tests.Support.StrategyFixture;

namespace GpoPipeline.Optimization.Tests;

public class ProTeGiStrategy_Specs
{
    private readonly IOptimizerStrategy _protegi = StrategyCatalog.Create("protegi");

    private static SearchState OnePrompt => SearchState.Start("Let's think step by step.", 0.4583333333333333);

    [Fact]
    public void When_reflecting_Should_send_the_reviewed_golden_gradient_prompt_built_from_the_minibatch_errors()
    {
        var context = Context(OnePrompt, step: 1);
        var requests = _protegi.Reflect(context);
        Assert.Equal(4, requests.Count); // 4 gradients for the only beam prompt (LMOps n_gradients = 4)
        Assert.Equal(Golden.Read("Strategies/protegi-gradient.txt"), requests[0].MetaPrompt);
        Assert.All(requests, r => Assert.DoesNotContain("True and not not", r.MetaPrompt, StringComparison.Ordinal)); // a correct example
        Assert.Equal(64, _protegi.MinibatchSize);
    }

    [Fact]
    public void When_proposing_Should_apply_each_gradient_in_the_reviewed_golden_edit_prompt_and_fill_eight_slots()
    {
        var context = Context(OnePrompt, step: 1);
        var reflections = _protegi.Reflect(context).Select((r, i) => Reply(r, $"<START>The prompt never says how to treat 'not' ({i}).<END>")).ToList();
        var edits = _protegi.Propose(context, reflections);
        Assert.Equal(4, edits.Count);
        Assert.Equal(Golden.Read("Strategies/protegi-edit.txt"), edits[0].MetaPrompt);
        Assert.Equal(8, edits.Sum(e => int.Parse(e.MetaPrompt.Split("I wrote ")[1].Split(' ')[0])));
    }

    [Fact]
    public void When_the_beam_holds_four_prompts_Should_share_the_eight_slots_as_two_gradients_each()
    {
        var state = ThreeSteps(_protegi);
        Assert.Equal(4, state.Beam.Count);
        var requests = _protegi.Reflect(Context(state));
        Assert.Equal(state.Beam.Select(b => b.Prompt).SelectMany(p => new[] { p, p }), requests.Select(r => r.Parent));
    }

    [Fact]
    public void When_a_beam_prompt_made_no_errors_Should_ask_no_gradient_for_it()
    {
        var allRight = Minibatch.Select(e => e with { Correct = true }).ToList();
        Assert.Empty(_protegi.Reflect(Context(OnePrompt, 1, allRight)));
    }

    [Fact]
    public void When_an_edit_reply_holds_several_tagged_prompts_Should_return_each()
    {
        var context = Context(OnePrompt, 1);
        var request = _protegi.Propose(context, [Reply(_protegi.Reflect(context)[0], "<START>a reason<END>")])[0];
        Assert.Equal(["Evaluate not first.", "Work left to right."],
            _protegi.Candidates(context, [Reply(request, "<START>evaluate not first.<END>\n<START> Work left to right. <END><START>unclosed")]).Select(c => c.Prompt));
    }

    [Fact]
    public void When_an_edit_reply_holds_more_prompts_than_asked_Should_keep_only_the_number_asked()
    {
        var context = Context(OnePrompt, 1);
        var edits = _protegi.Propose(context, _protegi.Reflect(context).Select(r => Reply(r, "<START>a reason<END>")).ToList());
        Assert.Equal(["One.", "Two."], _protegi.Candidates(context, [Reply(edits[0], "<START>One.<END><START>Two.<END><START>Three.<END>")]).Select(c => c.Prompt));
    }

    [Fact]
    public void When_selecting_Should_keep_the_best_four_of_the_old_beam_and_the_new_candidates()
    {
        var state = ThreeSteps(_protegi);
        var next = _protegi.Advance(state, Scored(("A.", 0.9), ("B.", 0.4), ("C.", 0.55)), 3);
        Assert.Equal(["A.", "Think step by step and answer with True or False.", "C.", "Evaluate the expression carefully, step by step."],
            next.Beam.Select(b => b.Prompt));
        Assert.Equal("A.", next.Path.Current.Prompt);
    }
}
