using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Tests;

public class CandidateScreen_Specs
{
    private static readonly Trajectory Seed = Trajectory.Start("Let's think step by step.", 0.4);

    [Theory]
    [InlineData("Sure! <START>Count the items one by one.<END> Hope it helps.", "Count the items one by one.")]
    [InlineData("<START>  **count** the items.  <END>", "Count the items.")]
    [InlineData("<START>\nsolve it slowly\n<END>", "Solve it slowly")]
    public void When_the_reply_has_both_tags_Should_extract_and_clean_the_prompt(string reply, string prompt) =>
        Assert.Equal(prompt, CandidateExtractor.Extract(reply).Prompt);

    [Theory]
    [InlineData("Count the items.<END>", "no <START> tag in the reply")]
    [InlineData("<START>Count the items.", "no <END> tag in the reply")]
    [InlineData("<START> ** <END>", "empty prompt between the tags")]
    [InlineData("   ", "empty reply")]
    [InlineData(null, "empty reply")]
    public void When_a_tag_or_the_text_is_missing_Should_reject_with_a_reason(string? reply, string reason)
    {
        var extraction = CandidateExtractor.Extract(reply);
        Assert.Equal((false, reason), (extraction.Succeeded, extraction.Rejection));
    }

    [Theory]
    [InlineData("Count the items.<END>", "Count the items.")]
    [InlineData("<START>count the items.", "Count the items.")]
    public void When_the_tag_fallback_is_on_Should_take_the_string_start_or_end(string reply, string prompt) =>
        Assert.Equal(prompt, CandidateExtractor.Extract(reply, tagFallback: true).Prompt);

    [Fact]
    public void When_replies_repeat_each_other_or_the_trajectory_Should_keep_the_first_and_say_why_others_were_dropped()
    {
        string?[] replies = ["<START>Count each item.<END>", "<START>count  each item.<END>", "<START>let's think step by step.<END>", "no tags"];
        var screened = CandidateScreen.Screen(replies, Seed, editBudget: 50);
        Assert.Equal([0], screened.Accepted.Select(c => c.Index));
        Assert.Equal(
            ["reply 1: duplicate of an earlier reply in this step", "reply 2: duplicate of a prompt already in the trajectory", "reply 3: no <START> tag in the reply"],
            screened.Rejected.Select(r => r.ToString()));
    }

    [Fact]
    public void When_a_candidate_changes_more_words_than_the_budget_Should_record_it_and_keep_it_by_default()
    {
        // "Let's think step by step." → "Let's think very slowly step by step." is 2 inserted words.
        var screened = CandidateScreen.Screen(["<START>Let's think very slowly step by step.<END>"], Seed, editBudget: 1);
        Assert.Equal((2, false), (screened.Accepted[0].EditDistance, screened.Accepted[0].WithinBudget));
    }

    [Fact]
    public void When_the_budget_is_enforced_Should_reject_candidates_over_it_with_the_numbers()
    {
        string?[] replies = ["<START>Let's think very slowly step by step.<END>", "<START>Let's think slowly step by step.<END>"];
        var screened = CandidateScreen.Screen(replies, Seed, editBudget: 1, new CandidateOptions { EnforceBudget = true });
        Assert.Equal([1], screened.Accepted.Select(c => c.Index));
        Assert.Equal("reply 0: changes 2 words, over the budget of 1", screened.Rejected.Single().ToString());
    }

    [Fact]
    public void When_there_is_no_budget_Should_count_every_candidate_as_within_it()
    {
        var screened = CandidateScreen.Screen(["<START>Something entirely different and much longer than before.<END>"], Seed, editBudget: null,
            new CandidateOptions { EnforceBudget = true });
        Assert.True(screened.Accepted.Single().WithinBudget);
    }
}
