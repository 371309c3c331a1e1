using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Tests.Support;
using static GpoPipeline.Optimization.Tests.Support.StrategyFixture;

namespace GpoPipeline.Optimization.Tests;

public class ApeStrategy_Specs
{
    private readonly IOptimizerStrategy _ape = StrategyCatalog.Create("ape");

    [Fact]
    public void When_proposing_Should_ask_for_eight_variations_of_the_best_prompt_in_APE_words()
    {
        var context = Context(ThreeSteps(_ape));
        var request = Assert.Single(_ape.Propose(context, []));
        Assert.Equal(Golden.Read("Strategies/ape.txt"), request.MetaPrompt);
        Assert.Equal(8, request.Samples);
        Assert.Null(_ape.EditBudget(context));
    }

    [Fact]
    public void When_the_last_step_scored_worse_Should_resample_around_the_best_prompt_so_far()
    {
        var state = _ape.Advance(ThreeSteps(_ape), Scored(("Worse.", 0.1)), 3);
        Assert.Contains("Input: Think step by step and answer with True or False.\n", _ape.Propose(Context(state, 4), [])[0].MetaPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public void When_reading_a_reply_Should_take_the_whole_reply_as_the_new_instruction()
    {
        var context = Context(ThreeSteps(_ape));
        var request = _ape.Propose(context, [])[0];
        Assert.Equal(["Work through the logic one operator at a time."],
            _ape.Candidates(context, [Reply(request, "  work through the logic one operator at a time.\n"), Reply(request, "   "), Reply(request, null)]).Select(c => c.Prompt));
    }
}
