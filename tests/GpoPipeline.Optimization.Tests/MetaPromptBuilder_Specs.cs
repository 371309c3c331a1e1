using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Optimization.Tests.Support;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Tests;

public class MetaPromptBuilder_Specs
{
    private static readonly TrajectoryEntry Current = new("Think step by step and answer with True or False.", 0.625, 2);

    // Code order (spec §2.3): current first, then the retrieved entries by descending similarity.
    private static readonly UpdateDirection Direction = new(RetrievalStrategy.Relevance,
        [Current, new("Let's think step by step.", 0.4583333333333333, 0), new("Evaluate the expression carefully, step by step.", 0.5, 1)],
        Current);

    private static readonly Example[] Examples =
    [
        Example.Of("not True or False and True and True is", "False"),
        Example.Of("True or ( True or not True ) is", "True"),
        Example.Of("False or not False or not not True is", "True"),
    ];

    [Fact]
    public void When_generating_with_a_trajectory_Should_equal_the_reviewed_golden_text() =>
        Assert.Equal(Golden.Read("generate.txt"), MetaPromptBuilder.Build(Direction, Examples, 47));

    [Fact]
    public void When_editing_with_a_trajectory_Should_equal_the_reviewed_golden_text() =>
        Assert.Equal(Golden.Read("edit.txt"), MetaPromptBuilder.Build(Direction, Examples, 47, new MetaPromptOptions { Refinement = Refinement.Edit }));

    [Fact]
    public void When_the_schedule_is_none_Should_leave_out_the_learning_rate_line()
    {
        var text = MetaPromptBuilder.Build(Direction, Examples, editBudget: null);
        Assert.DoesNotContain("You are allowed to change", text, StringComparison.Ordinal);
        Assert.EndsWith("in the task examples.\nWrap the new prompt with <START> and <END>.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void When_raw_scores_are_chosen_Should_print_the_unrounded_accuracy()
    {
        var text = MetaPromptBuilder.Build(Direction, Examples, 47, new MetaPromptOptions { ScoreDisplay = ScoreDisplay.Raw });
        Assert.Contains("Score: 0.4583333333333333\n", text, StringComparison.Ordinal);
        Assert.Contains("Score: 0.5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void When_there_is_no_trajectory_Should_use_the_current_prompt_template()
    {
        var none = new UpdateDirection(RetrievalStrategy.None, [Current], Current);
        var text = MetaPromptBuilder.Build(none, Examples, null);
        Assert.StartsWith("Your task is to write a prompt to replace <Prompt>.\n\nBelow is the current prompt with its score. The score ranges from 0 to 100, and higher score indicates better quality.\nPrompt: Think step by step and answer with True or False.\nScore: 62.5\n\nThe current prompt is:\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\nWrite a new improved prompt to replace <Prompt> at the end of the question in the task examples.\nWrap the new prompt with <START> and <END>.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PromptPosition.QBegin, "Input:\n<Prompt>\nnot True or False and True and True is\nOutput:\nFalse", "at the beginning of the question")]
    [InlineData(PromptPosition.ABegin, "Input:\nQ: not True or False and True and True is\nA: <Prompt>\nOutput:\nFalse", "at the beginning of the answer")]
    public void When_the_prompt_position_changes_Should_move_the_slot_and_say_where(PromptPosition position, string example, string where)
    {
        var text = MetaPromptBuilder.Build(Direction, Examples, 47, new MetaPromptOptions { Position = position });
        Assert.Contains(example, text, StringComparison.Ordinal);
        Assert.Contains($"to replace <Prompt> {where} in the task examples.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.4583333333333333, "45.83")]
    [InlineData(0.5, "50.0")]
    [InlineData(1.0, "100.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(0.123, "12.3")]
    public void When_showing_a_score_as_percent_Should_round_to_two_decimals(double accuracy, string shown) =>
        Assert.Equal(shown, ScoreText.Format(accuracy, ScoreDisplay.Percent));

    [Fact]
    public void When_the_same_seed_is_used_Should_pick_the_same_format_examples()
    {
        var format = Enumerable.Range(0, 10).Select(i => Example.Of($"q{i}", $"a{i}")).ToList();
        var first = FormatExamplePicker.Pick(format, 3, seed: 7);
        Assert.Equal(first, FormatExamplePicker.Pick(format, 3, seed: 7));
        Assert.Equal(3, first.Distinct().Count());
        var bySeed = Enumerable.Range(0, 10).Select(s => string.Join(",", FormatExamplePicker.Pick(format, 3, s).Select(e => e.Input))).Distinct();
        Assert.True(bySeed.Count() > 5, "different seeds should usually pick different examples");
    }

    [Fact]
    public void When_format_examples_are_picked_Should_return_them_in_ascending_source_order_like_the_official_np_sort()
    {
        // Official optimize.py 269-275: np.sort(np.random.choice(n, size=3, replace=False)).
        var format = Enumerable.Range(0, 20).Select(i => Example.Of($"q{i}", $"a{i}")).ToList();
        foreach (var seed in Enumerable.Range(0, 30))
        {
            var positions = FormatExamplePicker.Pick(format, 3, seed).Select(e => format.IndexOf(e)).ToList();
            Assert.Equal(positions.Order(), positions);
            Assert.Equal(3, positions.Distinct().Count());
        }
    }

    [Fact]
    public void When_the_format_split_is_smaller_than_asked_Should_use_every_example()
    {
        var format = new[] { Example.Of("q0", "a0"), Example.Of("q1", "a1") };
        Assert.Equal(2, FormatExamplePicker.Pick(format, 3, 0).Count);
    }
}
