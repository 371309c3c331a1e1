using GpoPipeline.Api.Dashboard;

namespace GpoPipeline.WebDashboard.Tests;

public sealed class WordDiff_Specs
{
    private static string Render(IEnumerable<DiffSegment> diff) =>
        string.Join(" ", diff.Select(d => d.Kind switch { DiffSegment.Added => $"+[{d.Text}]", DiffSegment.Removed => $"-[{d.Text}]", _ => d.Text }));

    [Theory]
    [InlineData("Let's think step by step.", "Let's think step by step.", "Let's think step by step.")]
    [InlineData("Let's think step by step.", "Let's think carefully step by step.", "Let's think +[carefully] step by step.")]
    [InlineData("Answer Yes or No.", "Answer No.", "Answer -[Yes or] No.")]
    [InlineData("Count the moves.", "Track every move.", "-[Count the moves.] +[Track every move.]")]
    [InlineData("", "Think.", "+[Think.]")]
    [InlineData("Think.", "", "-[Think.]")]
    public void When_two_prompts_are_compared_Should_mark_the_words_added_and_removed(string from, string to, string expected) =>
        Assert.Equal(expected, Render(WordDiff.Between(from, to)));

    [Fact]
    public void When_words_change_Should_keep_every_word_of_the_new_prompt_in_order_outside_the_removals()
    {
        var diff = WordDiff.Between("a b c d e f", "a x c d y f z");

        Assert.Equal("a x c d y f z", string.Join(" ", diff.Where(d => d.Kind != DiffSegment.Removed).Select(d => d.Text)));
        Assert.Equal("a b c d e f", string.Join(" ", diff.Where(d => d.Kind != DiffSegment.Added).Select(d => d.Text)));
    }
}
