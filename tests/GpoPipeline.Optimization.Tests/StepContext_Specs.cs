using GpoPipeline.Optimization.Strategies;
using static GpoPipeline.Optimization.Tests.Support.StrategyFixture;

namespace GpoPipeline.Optimization.Tests;

public class StepContext_Specs
{
    private static readonly StepContext Valid = Context(SearchState.Start("Let's think step by step.", 0.5), step: 1);

    public static TheoryData<StepContext, string> Invalid => new()
    {
        { Valid with { Step = 0 }, "Step must be at least 1 (got 0)." },
        { Valid with { TotalSteps = 0 }, "TotalSteps must be at least 1 (got 0)." },
        { Valid with { CandidatesPerStep = 0 }, "CandidatesPerStep must be at least 1 (got 0)." },
        { Valid with { State = Valid.State with { Beam = [] } }, "State.Beam is empty" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void When_the_context_is_invalid_Should_name_the_field_before_asking_the_optimizer(StepContext context, string message)
    {
        var strategy = StrategyCatalog.Create("protegi");
        var error = Assert.Throws<ArgumentException>(() => strategy.Reflect(context));
        Assert.Contains($"Invalid step context: {message}", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => strategy.Propose(context, []));
    }

    [Fact]
    public void When_picking_a_minibatch_Should_draw_the_same_examples_for_the_same_run_and_step()
    {
        var step3 = MinibatchPicker.Pick(48, 8, runSeed: 5, step: 3);
        Assert.Equal(step3, MinibatchPicker.Pick(48, 8, runSeed: 5, step: 3));
        Assert.Equal(8, step3.Distinct().Count());
        Assert.All(step3, i => Assert.InRange(i, 0, 47));
        Assert.NotEqual(step3, MinibatchPicker.Pick(48, 8, runSeed: 5, step: 4));
    }

    [Fact]
    public void When_the_train_split_is_smaller_than_the_minibatch_Should_use_all_of_it() =>
        Assert.Equal(Enumerable.Range(0, 48), MinibatchPicker.Pick(48, 64, runSeed: 0, step: 1).Order());
}
