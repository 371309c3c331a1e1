using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Tests;

public class Metric_Specs
{
    [Fact]
    public void When_one_word_differs_Should_give_rouge_l_f1_from_the_lcs()
    {
        // LCS("the cat sat on the mat", "the cat is on the mat") = 5 of 6 words each way: P = R = F1 = 5/6.
        Assert.Equal(5.0 / 6, RougeL.F1("the cat sat on the mat", "the cat is on the mat"), 10);
    }

    [Fact]
    public void When_lengths_differ_Should_combine_precision_and_recall()
    {
        // LCS("a b c d", "a c") = 2: P = 2/4, R = 2/2, F1 = 2·0.5·1/1.5 = 2/3.
        Assert.Equal(2.0 / 3, RougeL.F1("a b c d", "a c"), 10);
    }

    [Fact]
    public void When_there_are_several_references_Should_average_not_take_the_max()
    {
        // 5/6 against the first reference, 0 against the second → mean 5/12.
        Assert.Equal(5.0 / 12, RougeL.MeanF1("the cat sat on the mat", ["the cat is on the mat", "dogs bark"]), 10);
    }

    [Fact]
    public void When_case_and_punctuation_differ_Should_still_match_word_for_word() =>
        Assert.Equal(1.0, RougeL.F1("The Cat, sat.", "the cat sat"), 10);

    [Fact]
    public void When_the_reply_is_empty_Should_score_zero() =>
        Assert.Equal(0.0, RougeL.F1("", "the cat"));

    [Fact]
    public void When_a_generation_task_is_scored_Should_use_rouge_on_the_trimmed_reply()
    {
        var task = new TaskDefinition("webnlg", "webnlg", TaskKind.Generation);
        var example = new Example("triples", ["the cat is on the mat", "the cat sat on the mat"]);
        Assert.Equal((5.0 / 6 + 1) / 2, TaskScorer.Score(task, "  the cat sat on the mat \n", example), 10);
    }

    [Theory]
    [InlineData("Let's think step by step.", "Let's think step by step.", 0)]
    [InlineData("Let's think step by step.", "Let's think carefully step by step.", 1)]
    [InlineData("a b c", "a x c", 1)]
    [InlineData("a b c", "c b a", 2)]
    [InlineData("", "two words", 2)]
    [InlineData("one  two\nthree", "one two three", 0)]
    public void When_measuring_word_edit_distance_Should_count_inserted_deleted_and_replaced_words(string from, string to, int distance) =>
        Assert.Equal(distance, WordEditDistance.Between(from, to));
}
