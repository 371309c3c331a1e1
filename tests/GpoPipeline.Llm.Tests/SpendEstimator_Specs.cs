namespace GpoPipeline.Llm.Tests;

public sealed class SpendEstimator_Specs
{
    private static readonly SpendEstimateInput Bbh = new()
    {
        Steps = 18,
        DevSize = 48,
        TestSize = 144,
        AverageExampleChars = 400,
        TaskPrice = new ModelPrice(0.5, 1.5),
        OptimizerPrice = new ModelPrice(3, 6),
    };

    [Fact]
    public void When_estimating_a_BBH_task_Should_count_the_calls_spec_section_6_7_derives()
    {
        var estimate = SpendEstimator.Estimate(Bbh);

        // Spec §6.7: 18 steps × 8 = 144 optimizer calls; up to 8 × 48 dev answers per step plus the initial
        // prompt on dev and two prompts on test, doubled by the second extraction round.
        Assert.Equal(18 * 8, estimate.OptimizerCalls);
        Assert.Equal(2 * ((1 + 18 * 8) * 48 + 2 * 144), estimate.TaskCalls);
    }

    [Fact]
    public void When_extraction_is_one_round_Should_halve_calls_and_drop_the_second_round_tokens()
    {
        var two = SpendEstimator.Estimate(Bbh);
        var one = SpendEstimator.Estimate(Bbh with { TwoRoundExtraction = false });

        Assert.Equal(two.TaskCalls, 2 * one.TaskCalls);
        Assert.True(two.TaskInputTokens > 2 * one.TaskInputTokens, "round 2 re-sends round 1 plus its answer");
        Assert.Equal(two.OptimizerCost, one.OptimizerCost);
    }

    [Fact]
    public void When_prices_are_given_Should_price_each_role_by_its_own_table()
    {
        var estimate = SpendEstimator.Estimate(Bbh);

        Assert.Equal((estimate.TaskInputTokens * 0.5 + estimate.TaskOutputTokens * 1.5) / 1e6, estimate.TaskCost, precision: 9);
        Assert.Equal((estimate.OptimizerInputTokens * 3 + estimate.OptimizerOutputTokens * 6) / 1e6, estimate.OptimizerCost, precision: 9);
        Assert.Equal(estimate.TaskCost + estimate.OptimizerCost, estimate.Cost, precision: 9);
    }

    [Fact]
    public void When_examples_are_longer_Should_grow_task_input_by_a_quarter_token_per_char_per_answer()
    {
        var shorter = SpendEstimator.Estimate(Bbh with { TwoRoundExtraction = false });
        var longer = SpendEstimator.Estimate(Bbh with { TwoRoundExtraction = false, AverageExampleChars = 800 });

        Assert.Equal(shorter.TaskCalls * 400 / 4, longer.TaskInputTokens - shorter.TaskInputTokens);
        Assert.Equal(shorter.TaskOutputTokens, longer.TaskOutputTokens);
    }
}
