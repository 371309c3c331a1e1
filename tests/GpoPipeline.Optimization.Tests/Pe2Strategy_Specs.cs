using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Tests.Support;
using static GpoPipeline.Optimization.Tests.Support.StrategyFixture;

namespace GpoPipeline.Optimization.Tests;

public class Pe2Strategy_Specs
{
    private readonly IOptimizerStrategy _pe2 = StrategyCatalog.Create("pe2");

    [Fact]
    public void When_reflecting_Should_send_the_reviewed_golden_step_one_conversation_with_failures_first()
    {
        var request = Assert.Single(_pe2.Reflect(Context(ThreeSteps(_pe2))));
        Assert.Equal(Golden.Read("Strategies/pe2-reflect.txt"), Transcript(request));
        Assert.Equal(0, request.Temperature);
    }

    [Fact]
    public void When_proposing_Should_continue_the_conversation_with_the_reviewed_golden_refinement_turn()
    {
        var context = Context(ThreeSteps(_pe2));
        var reflect = _pe2.Reflect(context)[0];
        var request = Assert.Single(_pe2.Propose(context, [Reply(reflect, "### Example 1\nIs the output correct compared to the label: no ...")]));
        Assert.Equal(reflect.Turns, request.Turns.Take(4));
        Assert.Equal("### Example 1\nIs the output correct compared to the label: no ...", request.Turns[4].Text);
        Assert.Equal(Golden.Read("Strategies/pe2-propose.txt"), request.MetaPrompt);
        Assert.Equal((8, 0.7, 300), (request.Samples, request.Temperature, request.MaxTokens));
    }

    [Fact]
    public void When_the_reasoning_reply_is_empty_Should_propose_nothing()
    {
        var context = Context(ThreeSteps(_pe2));
        Assert.Empty(_pe2.Propose(context, [Reply(_pe2.Reflect(context)[0], " ")]));
    }

    [Fact]
    public void When_any_step_runs_Should_allow_the_fixed_thirty_words_of_the_GPO_framework()
    {
        Assert.Equal(30, _pe2.EditBudget(Context(ThreeSteps(_pe2), step: 3)));
        Assert.Equal(30, _pe2.EditBudget(Context(SearchState.Start("p", 0.1), step: 1)));
    }
}
