using GpoPipeline.ServiceDefaults;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A candidate over Limits:MaxPromptChars would be refused by every scorer (BatchScorer), failing the run: the
/// generator drops it as a rejection with its reason, like a reply without tags, and keeps the others.
/// </summary>
public sealed class OverlongCandidates_Specs
{
    [Fact]
    public async Task When_the_optimizer_writes_a_candidate_over_the_prompt_limit_Should_reject_only_that_candidate_naming_the_limit()
    {
        var optimizer = new RecordingOptimizer((_, i) => i == 0 ? $"<START>{new string('x', 200)}<END>" : "<START>Think it through, then answer.<END>");
        var generator = GenerationChecks_Specs.Generator(optimizer, new MessageLimitsOptions { MaxPromptChars = 100 });

        var generated = await generator.GenerateAsync(GenerationChecks_Specs.Retrieved(), CancellationToken.None);

        var kept = Assert.Single(generated.Candidates);
        Assert.Equal(1, kept.CandidateIndex);
        var rejection = Assert.Single(generated.Rejections);
        Assert.StartsWith("reply 0: 200 characters, over Limits:MaxPromptChars (100)", rejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_every_candidate_is_over_the_prompt_limit_Should_ask_again_and_report_the_rejections()
    {
        var optimizer = new RecordingOptimizer((_, i) => $"<START>{new string('x', 200)} {i}<END>");
        var generator = GenerationChecks_Specs.Generator(optimizer, new MessageLimitsOptions { MaxPromptChars = 100 });

        var generated = await generator.GenerateAsync(GenerationChecks_Specs.Retrieved(), CancellationToken.None);

        Assert.Empty(generated.Candidates);
        Assert.Equal(3, optimizer.Calls.Count); // the production profile's attempts within MaxCalls = 6
        Assert.All(generated.Rejections, r => Assert.Contains("over Limits:MaxPromptChars (100)", r, StringComparison.Ordinal));
    }
}
