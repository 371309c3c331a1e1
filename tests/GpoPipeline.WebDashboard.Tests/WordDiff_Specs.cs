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

    [Fact]
    public void When_two_long_prompts_differ_Should_diff_them_in_bounded_memory_and_keep_both_texts()
    {
        // 2,000 one-letter words each, different throughout: the table was 2,001 × 2,001 ints (16 MB) per step per request.
        var from = string.Join(' ', Enumerable.Range(0, 2000).Select(i => ((char)('a' + (i % 13))).ToString()));
        var to = string.Join(' ', Enumerable.Range(0, 2000).Select(i => ((char)('a' + (i % 11))).ToString()));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var diff = WordDiff.Between("Start here. " + from + " End.", "Start here. " + to + " End.");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4_000_000, $"{allocated:N0} bytes allocated");
        Assert.Equal("Start here. " + to + " End.", string.Join(" ", diff.Where(d => d.Kind != DiffSegment.Removed).Select(d => d.Text)));
        Assert.Equal("Start here. " + from + " End.", string.Join(" ", diff.Where(d => d.Kind != DiffSegment.Added).Select(d => d.Text)));
        Assert.Equal(DiffSegment.Same, diff[0].Kind);
        Assert.Equal(DiffSegment.Same, diff[^1].Kind);
    }

    [Theory]
    [InlineData("a b c", "a b c d")]
    [InlineData("a b c d", "b c d")]
    [InlineData("x a y", "x b y")]
    [InlineData("a a a", "a a")]
    public void When_prompts_share_their_start_or_end_Should_still_keep_both_texts(string from, string to)
    {
        var diff = WordDiff.Between(from, to);

        Assert.Equal(to, string.Join(" ", diff.Where(d => d.Kind != DiffSegment.Removed).Select(d => d.Text)));
        Assert.Equal(from, string.Join(" ", diff.Where(d => d.Kind != DiffSegment.Added).Select(d => d.Text)));
    }
}
