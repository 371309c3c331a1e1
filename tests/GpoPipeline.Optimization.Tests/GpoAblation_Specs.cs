using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Tests.Support;
using static GpoPipeline.Optimization.Tests.Support.StrategyFixture;

namespace GpoPipeline.Optimization.Tests;

public class GpoAblation_Specs
{
    [Fact]
    public void When_running_gpo_Should_send_exactly_what_the_GPO_meta_prompt_builder_builds()
    {
        var gpo = StrategyCatalog.Create("gpo");
        var context = Context(ThreeSteps(gpo));
        var direction = DirectionRetriever.Retrieve(context.State.Path, new DirectionOptions());
        var expected = MetaPromptBuilder.Build(direction, Examples, gpo.EditBudget(context));
        Assert.Equal(expected, Assert.Single(gpo.Propose(context, [])).MetaPrompt);
        Assert.Equal(0, gpo.MinibatchSize);
    }

    [Fact]
    public void When_retrieval_is_ablated_Should_send_the_reviewed_golden_current_prompt_template()
    {
        var ablation = StrategyCatalog.Create("gpo-no-retrieval");
        Assert.Equal(Golden.Read("Strategies/gpo-no-retrieval.txt"), ablation.Propose(Context(ThreeSteps(ablation)), [])[0].MetaPrompt);
    }

    [Fact]
    public void When_editing_instead_of_generating_Should_ask_to_modify_the_current_prompt()
    {
        var ablation = StrategyCatalog.Create("gpo-edit");
        var text = ablation.Propose(Context(ThreeSteps(ablation)), [])[0].MetaPrompt;
        Assert.StartsWith("Your task is to modify the current prompt to replace <Prompt>.", text, StringComparison.Ordinal);
        Assert.EndsWith("Wrap the modified prompt with <START> and <END>.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpo", 47)]              // cosine, s = 3 of T = 18 (spec §3.2 table: 49, 48, 47, ...)
    [InlineData("gpo-budget-linear", 43)] // int(50 − 40/18 · 3)
    [InlineData("gpo-budget-fixed", 50)]
    [InlineData("gpo-budget-none", null)]
    public void When_the_schedule_varies_Should_give_the_word_budget_of_that_schedule(string name, int? words)
    {
        var strategy = StrategyCatalog.Create(name);
        var context = Context(ThreeSteps(strategy));
        Assert.Equal(words, strategy.EditBudget(context));
        var line = strategy.Propose(context, [])[0].MetaPrompt.Contains("You are allowed to change up to", StringComparison.Ordinal);
        Assert.Equal(words is not null, line);
    }

    [Theory]
    [InlineData("gpo-recency", "Answer True or False.")]
    [InlineData("gpo-importance", "Evaluate the expression carefully, step by step.")]
    public void When_the_trajectory_is_chosen_differently_Should_show_the_entries_of_that_retrieval(string name, string shown)
    {
        var strategy = StrategyCatalog.Create(name);
        var state = ThreeSteps(strategy);
        state = strategy.Advance(state, Scored(("Answer True or False.", 0.2)), 3);
        var text = strategy.Propose(Context(state, 4), [])[0].MetaPrompt;
        Assert.Contains($"Prompt: {shown}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_candidate_changes_more_words_than_the_budget_Should_keep_it_and_record_the_overrun()
    {
        var gpo = StrategyCatalog.Create("gpo");
        var context = Context(ThreeSteps(gpo));
        var request = gpo.Propose(context, [])[0];
        var longer = string.Join(' ', Enumerable.Repeat("word", 60));
        var candidates = gpo.Candidates(context, [Reply(request, "<START>Think step by step and answer with True, False or Unknown.<END>"), Reply(request, $"<START>{longer}<END>")]);
        Assert.Equal([(3, true), (60, false)], candidates.Select(c => (c.EditDistance, c.WithinBudget)));
        Assert.All(candidates, c => Assert.Equal("Think step by step and answer with True or False.", c.Parent));
    }

    [Fact]
    public void When_a_reply_repeats_a_prompt_scored_but_not_selected_earlier_Should_keep_it_selectable_with_its_cached_score()
    {
        // Official optimize.py 854-866: a repeat of an evaluated instruction enters the step's pool with
        // instruction_score_dict[ins]; 962 skips it only if it was selected before. "Answer True or False." was
        // scored 0.375 at step 1 and not selected.
        var gpo = StrategyCatalog.Create("gpo");
        var context = Context(ThreeSteps(gpo));
        var request = gpo.Propose(context, [])[0];
        var candidates = gpo.Candidates(context, [Reply(request, "<START>Answer True or False.<END>"), Reply(request, "<START>New prompt.<END>")]);
        Assert.Equal(["Answer True or False.", "New prompt."], candidates.Select(c => c.Prompt));

        var next = gpo.Advance(context.State, Scored(("Answer True or False.", 0.1), ("New prompt.", 0.2)), 3);
        Assert.Equal(("Answer True or False.", 0.375), (next.Path.Current.Prompt, next.Path.Current.DevScore));
    }

    [Fact]
    public void When_the_best_candidate_scores_below_the_current_prompt_Should_still_move_to_it()
    {
        var gpo = StrategyCatalog.Create("gpo");
        var next = gpo.Advance(ThreeSteps(gpo), Scored(("Worse.", 0.1), ("Even worse.", 0.05)), 3);
        Assert.Equal("Worse.", next.Path.Current.Prompt);
        Assert.Equal("Worse.", Assert.Single(next.Beam).Prompt);
    }
}
