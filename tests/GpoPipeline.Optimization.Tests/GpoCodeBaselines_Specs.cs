using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Optimization.Tests.Support;
using static GpoPipeline.Optimization.Tests.Support.StrategyFixture;

namespace GpoPipeline.Optimization.Tests;

/// <summary>The baselines as configured in the GPO authors' own scripts (spec §7), which produced Table 5.</summary>
public class GpoCodeBaselines_Specs
{
    private readonly IOptimizerStrategy _apo = StrategyCatalog.Create("apo-gpo-code");

    [Fact]
    public void When_apo_reflects_Should_send_the_reviewed_golden_feedback_prompt_at_temperature_zero()
    {
        var request = Assert.Single(_apo.Reflect(Context(ThreeSteps(_apo))));
        Assert.Equal(Golden.Read("Strategies/apo-gpo-code-gradient.txt"), request.MetaPrompt);
        Assert.Equal((1, 0.0), (request.Samples, request.Temperature));
        Assert.Equal(8, _apo.MinibatchSize);
    }

    [Fact]
    public void When_apo_proposes_Should_edit_with_the_problems_block_in_the_reviewed_golden_text()
    {
        var context = Context(ThreeSteps(_apo));
        var reflection = Reply(_apo.Reflect(context)[0], "The prompt does not say how to apply 'not'. <START>it never explains operator precedence.<END>");
        var request = Assert.Single(_apo.Propose(context, [reflection]));
        Assert.Equal(Golden.Read("Strategies/apo-gpo-code-edit.txt"), request.MetaPrompt);
        Assert.Equal(8, request.Samples);
    }

    [Fact]
    public void When_apo_saw_no_wrong_example_Should_edit_without_feedback()
    {
        var context = Context(ThreeSteps(_apo), minibatch: Minibatch.Select(e => e with { Correct = true }).ToList());
        Assert.Empty(_apo.Reflect(context));
        var text = Assert.Single(_apo.Propose(context, [])).MetaPrompt;
        Assert.DoesNotContain("Below are the problems", text, StringComparison.Ordinal);
        Assert.StartsWith("Your task is to modify the current prompt", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ape-gpo-code", null, null)]
    [InlineData("opro-gpo-code", "Prompt: Evaluate the expression carefully, step by step.\nScore: 50.0\n\nPrompt: Let's think step by step.", null)]
    [InlineData("pe2-gpo-code", "Prompt: Evaluate the expression carefully, step by step.\nScore: 50.0\n\nPrompt: Let's think step by step.", 30)]
    public void When_the_other_baselines_run_as_in_GPO_code_Should_show_their_trajectory_and_word_limit(string name, string? trajectory, int? words)
    {
        var strategy = StrategyCatalog.Create(name);
        var context = Context(ThreeSteps(strategy));
        var text = Assert.Single(strategy.Propose(context, [])).MetaPrompt;
        Assert.Empty(strategy.Reflect(context));
        Assert.Equal(words, strategy.EditBudget(context));
        Assert.Equal(trajectory is null, text.Contains("Below is the current prompt with its score.", StringComparison.Ordinal));
        if (trajectory is not null)
        {
            Assert.Contains(trajectory, text, StringComparison.Ordinal);
        }
    }
}
