using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Tests.Support;
using static GpoPipeline.Optimization.Tests.Support.StrategyFixture;

namespace GpoPipeline.Optimization.Tests;

public class OproStrategy_Specs
{
    private readonly IOptimizerStrategy _opro = StrategyCatalog.Create("opro");

    [Fact]
    public void When_proposing_Should_send_the_reviewed_golden_meta_prompt_eight_times_without_a_word_budget()
    {
        var context = Context(ThreeSteps(_opro));
        var request = Assert.Single(_opro.Propose(context, []));
        Assert.Equal(Golden.Read("Strategies/opro.txt"), request.MetaPrompt);
        Assert.Equal((8, 1.0), (request.Samples, request.Temperature));
        Assert.Null(_opro.EditBudget(context));
        Assert.Empty(_opro.Reflect(context));
    }

    [Fact]
    public void When_more_than_twenty_prompts_were_scored_Should_show_the_best_twenty_in_ascending_order()
    {
        var state = SearchState.Start("p0", 0.0);
        state = _opro.Advance(state, Scored([.. Enumerable.Range(1, 24).Select(i => ($"p{i}", i / 100.0))]), 1);
        var text = _opro.Propose(Context(state), [])[0].MetaPrompt;
        var shown = text.Split('\n').Where(l => l.StartsWith('p')).ToList();
        Assert.Equal(Enumerable.Range(5, 20).Select(i => $"p{i}"), shown);
    }

    [Fact]
    public void When_exemplars_come_from_a_pool_Should_draw_new_ones_each_step_and_the_same_ones_for_the_same_step()
    {
        var pool = Enumerable.Range(0, 30).Select(i => Example.Of($"question {i}", $"{i}")).ToList();
        var context = Context(ThreeSteps(_opro)) with { ExamplePool = pool };
        var step3 = _opro.Propose(context, [])[0].MetaPrompt;
        Assert.Equal(step3, _opro.Propose(context, [])[0].MetaPrompt);
        Assert.NotEqual(step3, _opro.Propose(context with { Step = 4 }, [])[0].MetaPrompt);
        Assert.Equal(3, step3.Split("Problem:").Length - 1);
    }

    [Theory]
    [InlineData("Sure! <INS>Solve it carefully.</INS>", "Solve it carefully.")]
    [InlineData("<INS>no end tag, take the rest", "No end tag, take the rest")]
    [InlineData("no tags at all", "No tags at all")]
    public void When_reading_a_reply_Should_take_the_INS_text_or_fall_back_like_OPRO(string reply, string prompt)
    {
        var request = _opro.Propose(Context(ThreeSteps(_opro)), [])[0];
        Assert.Equal([prompt], _opro.Candidates(Context(ThreeSteps(_opro)), [Reply(request, reply)]).Select(c => c.Prompt));
    }

    [Fact]
    public void When_a_reply_still_names_INS_or_is_too_long_or_was_scored_before_Should_drop_it()
    {
        var context = Context(ThreeSteps(_opro));
        var request = _opro.Propose(context, [])[0];
        string[] replies = ["<INS>Replace <INS> with care</INS>", $"<INS>{new string('a', 501)}</INS>", "<INS>Answer True or False.</INS>", "<INS>New one.</INS>", "<INS>new one.</INS>"];
        Assert.Equal(["New one."], _opro.Candidates(context, replies.Select(r => Reply(request, r)).ToList()).Select(c => c.Prompt));
    }

    [Fact]
    public void When_the_prompt_starts_the_answer_Should_ask_for_a_starting_sentence_and_read_Start_tags()
    {
        var context = Context(ThreeSteps(_opro)) with { Position = Tasks.PromptPosition.ABegin };
        var request = _opro.Propose(context, [])[0];
        Assert.StartsWith("Your task is to generate the answer starting sentence <Start>.", request.MetaPrompt, StringComparison.Ordinal);
        Assert.Contains("\nQ: not True or False and True and True is\nA: <Start>\nGround truth answer:\nFalse\n", request.MetaPrompt, StringComparison.Ordinal);
        Assert.Equal(["Let's solve it."], _opro.Candidates(context, [Reply(request, "<Start>Let's solve it.</Start>")]).Select(c => c.Prompt));
    }

    [Fact]
    public void When_every_candidate_scores_below_the_best_Should_keep_the_best_and_remember_all_scores()
    {
        var state = ThreeSteps(_opro);
        var next = _opro.Advance(state, Scored(("Worse.", 0.1), ("Also worse.", 0.2)), 3);
        Assert.Equal("Think step by step and answer with True or False.", Assert.Single(next.Beam).Prompt);
        Assert.Equal(state.Evaluated.Count + 2, next.Evaluated.Count);
    }
}
