using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Tests;

public class Metric_Specs
{
    [Fact]
    public void When_a_generation_task_is_scored_Should_use_rouge_on_the_trimmed_reply()
    {
        var task = new TaskDefinition("webnlg", "webnlg", TaskKind.Generation);
        var example = new Example("triples", ["the cat is on the mat", "the cat sat on the mat"]);
        // Summary-level ROUGE-L (RougeL_Specs): 4 of 5 distinct words against the first reference, all against the second.
        Assert.Equal((RougeL_Specs.F(4.0 / 5, 4.0 / 5) + RougeL_Specs.F(1, 1)) / 2, TaskScorer.Score(task, "  the cat sat on the mat \n", example), 12);
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
