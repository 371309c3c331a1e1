using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Tests;

/// <summary>
/// Issue 15, points 2-6: the paper profile against values read from the official code (txy77/GPO @1f56a10),
/// the production profile against its own rules (docs/profiles.md). Points 1 and 7 are in EditBudget_Specs and
/// RougeL_Specs, point 8 in the Embeddings specs.
/// </summary>
public class Profiles_Specs
{
    private static readonly TrajectoryEntry Seed = new("Let's think step by step.", 0.4583333333333333, 0);
    private static readonly Example[] Examples = [Example.Of("not True is", "False")];

    private static string MetaPrompt(ProfilePolicy policy, RetrievalStrategy strategy, TrajectoryEntry current)
    {
        UpdateDirection direction = strategy == RetrievalStrategy.None
            ? new(strategy, [current], current)
            : new(strategy, [current, Seed], current);
        return MetaPromptBuilder.Build(direction, Examples, 47, new MetaPromptOptions { ScoreDisplay = policy.Scores });
    }

    // Point 2: k_update.py line 23 prints the stored accuracy as it is (11/24 of dev correct here).
    [Fact]
    public void When_the_paper_profile_shows_the_trajectory_Should_print_the_raw_unrounded_accuracy()
    {
        var text = MetaPrompt(ProfilePolicy.Paper, RetrievalStrategy.Relevance, new("Count carefully.", 0.625, 1));
        Assert.Contains("Prompt: Count carefully.\nScore: 0.625\n\nPrompt: Let's think step by step.\nScore: 0.4583333333333333\n\n", text, StringComparison.Ordinal);
    }

    // Point 2, the no-trajectory template: optimize.py lines 771-772 round(score, 2) → generate_without_gradient.py line 59.
    [Theory]
    [InlineData(0.4583333333333333, "0.46")]
    [InlineData(0.125, "0.12")] // 6/48: Python rounds the exact binary value half to even; Math.Round/"F2" give 0.13
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    public void When_the_paper_profile_has_no_trajectory_Should_print_round_of_the_accuracy_to_two_decimals(double accuracy, string shown)
    {
        var text = MetaPrompt(ProfilePolicy.Paper, RetrievalStrategy.None, Seed with { DevScore = accuracy });
        Assert.Contains($"Prompt: Let's think step by step.\nScore: {shown}\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_production_profile_shows_scores_Should_print_percent_matching_the_0_to_100_heading()
    {
        var text = MetaPrompt(ProfilePolicy.Production, RetrievalStrategy.Relevance, new("Count carefully.", 0.625, 1));
        Assert.Contains("Score: 62.5\n\nPrompt: Let's think step by step.\nScore: 45.83\n\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ScoreDisplay.Raw)]
    [InlineData(true, ScoreDisplay.Percent)]
    public void When_a_run_sets_scores_as_percent_explicitly_Should_win_over_the_profile(bool? percent, ScoreDisplay shown) =>
        Assert.Equal(shown, ProfilePolicy.Paper.ScoresShown(percent));

    // Point 3: optimize.py extract_text (lines 39-49) falls back to the reply's start/end.
    [Fact]
    public void When_the_paper_profile_screens_replies_without_tags_Should_keep_them_as_candidates()
    {
        string?[] replies = ["Count the items one by one.", "<START>Add the numbers.", "Check each step.<END> Done."];
        var screened = CandidateScreen.Screen(replies, Trajectory.FromEntries([Seed]), 50, Options(ProfilePolicy.Paper));
        Assert.Equal(["Count the items one by one.", "Add the numbers.", "Check each step."], screened.Accepted.Select(c => c.Prompt));
    }

    [Fact]
    public void When_the_production_profile_screens_replies_without_tags_Should_reject_them_with_the_reason()
    {
        var screened = CandidateScreen.Screen(["Count the items one by one."], Trajectory.FromEntries([Seed]), 50, Options(ProfilePolicy.Production));
        Assert.Equal(["reply 0: no <START> tag in the reply"], screened.Rejected.Select(r => r.ToString()));
    }

    // Point 3: no profile fails the run; the step keeps the current prompt, which selection then picks again.
    [Fact]
    public void When_a_step_has_no_usable_candidate_Should_keep_the_current_prompt_as_its_selected_prompt()
    {
        var trajectory = Trajectory.FromEntries([Seed, new("Count carefully.", 0.625, 1)]);
        var kept = KeptCurrentPrompt.For(trajectory, index: 8);
        var picked = CandidateSelector.Select([new ScoredCandidate(kept.Index, kept.Prompt, 0.625)], trajectory);
        Assert.Equal((8, "Count carefully.", 0), (kept.Index, picked!.Prompt, kept.EditDistance));
    }

    // Point 3: the official code samples once per step (optimize.py lines 818-830); production asks again.
    [Theory]
    [InlineData(RunProfile.Paper, 3, 1)]
    [InlineData(RunProfile.Production, 3, 3)]
    public void When_every_reply_is_rejected_Should_ask_again_only_in_production(RunProfile profile, int configured, int attempts) =>
        Assert.Equal(attempts, ProfilePolicy.For(profile).GenerationAttempts(configured));

    // Point 4: MD5 of the exact string (optimize.py lines 850-870); repeats of earlier prompts stay with their score.
    [Fact]
    public void When_the_paper_profile_deduplicates_Should_drop_only_exact_repeats_within_the_step()
    {
        string?[] replies = ["<START>Let's think step by step.<END>", "<START>let's  think step by step.<END>", "<START>Let's think step by step.<END>"];
        var screened = CandidateScreen.Screen(replies, Trajectory.FromEntries([Seed]), 50, Options(ProfilePolicy.Paper));
        Assert.Equal([0, 1], screened.Accepted.Select(c => c.Index));
        Assert.Equal(["reply 2: exact repeat of an earlier reply in this step"], screened.Rejected.Select(r => r.ToString()));
    }

    [Fact]
    public void When_the_production_profile_deduplicates_Should_drop_case_and_spacing_variants_and_trajectory_repeats()
    {
        string?[] replies = ["<START>let's  think step by step.<END>", "<START>Count.<END>", "<START>count.<END>"];
        var screened = CandidateScreen.Screen(replies, Trajectory.FromEntries([Seed]), 50, Options(ProfilePolicy.Production));
        Assert.Equal([1], screened.Accepted.Select(c => c.Index));
    }

    // Point 4: "already selected" is an exact match in the code (optimize.py line 962).
    [Fact]
    public void When_a_case_variant_of_a_selected_prompt_scores_best_Should_be_selectable_only_in_the_paper_profile()
    {
        var trajectory = Trajectory.FromEntries([Seed]);
        ScoredCandidate[] pool = [new(0, "Let's think step by step!", 0.9), new(1, "Count.", 0.5)];
        var variant = pool[0] with { Prompt = "let's think step by step." };
        Assert.Equal(0, CandidateSelector.Select([variant, pool[1]], trajectory, DuplicateRule.Exact)!.Index);
        Assert.Equal(1, CandidateSelector.Select([variant, pool[1]], trajectory, DuplicateRule.Loose)!.Index);
    }

    // Point 5: eval_utils.py lines 562-567 and 635: a second round only for llama2-chat-7b/13b, with 100 tokens (672, 683).
    [Theory]
    [InlineData("llama2-chat-7b", true)]
    [InlineData("meta-llama/Llama-2-13b-chat-hf", true)]
    [InlineData("gpt-3.5-turbo", false)]
    [InlineData("llama2-7b", false)]
    [InlineData(null, false)]
    public void When_the_paper_profile_decides_on_a_second_round_Should_ask_only_Llama2_chat_models(string? model, bool asked)
    {
        var task = new TaskDefinition("bbh", "navigate", TaskKind.Boolean);
        Assert.Equal(asked, SecondRoundDecision.IsNeeded(ProfilePolicy.Paper, task, model, "So the answer is Yes.", allowed: true));
        // The 100 tokens are checked where they are sent: tests/GpoPipeline.Pipeline.Tests/SecondRound_Specs
        // (the scorer's second call carries MaxOutputTokens 100, the first none).
    }

    [Theory]
    [InlineData(TaskKind.MultipleChoice, "Let me think. So the answer is (B).", false)]
    [InlineData(TaskKind.MultipleChoice, "(C)", false)]
    [InlineData(TaskKind.MultipleChoice, "Option B seems right, though C is close.", true)]
    [InlineData(TaskKind.Boolean, "Yes.", false)]
    [InlineData(TaskKind.Boolean, "Going left then right, we end where we started, I believe.", true)]
    [InlineData(TaskKind.Numeric, "There are 3 + 4 = 7 apples. The answer is 7.", false)]
    [InlineData(TaskKind.Numeric, "We count the fruits one by one and then add them up.", true)]
    public void When_the_production_profile_decides_on_a_second_round_Should_ask_only_when_the_first_answer_has_none(TaskKind kind, string reply, bool asked) =>
        Assert.Equal(asked, SecondRoundDecision.IsNeeded(ProfilePolicy.Production, new TaskDefinition("bbh", "t", kind), "gpt-4o-mini", reply, allowed: true));

    [Fact]
    public void When_two_round_extraction_is_switched_off_Should_never_ask_a_second_round() =>
        Assert.False(SecondRoundDecision.IsNeeded(ProfilePolicy.Paper, new TaskDefinition("bbh", "navigate", TaskKind.Boolean), "llama2-chat-7b", "hmm", allowed: false));

    // Point 6: the code scores the seed (optimize.py line 463) and every step's selected prompt (line 989) on test.
    [Fact]
    public void When_the_paper_profile_plans_the_test_evaluation_Should_score_the_seed_and_every_selected_prompt_once()
    {
        TrajectoryEntry[] steps = [Seed, new("A.", 0.5, 1), new("B.", 0.7, 2), new("A.", 0.5, 3)];
        var plan = TestEvaluationPlan.For(ProfilePolicy.Paper.TestEvaluation, steps, steps[2]);
        Assert.Equal([(0, Seed.Prompt), (1, "A."), (2, "B.")], plan.Select(p => (p.CandidateIndex, p.Prompt)));
        var byStep = TestEvaluationPlan.ScoresByStep(steps, plan, new Dictionary<int, double> { [0] = 0.3, [1] = 0.4, [2] = 0.6 });
        Assert.Equal([0.3, 0.4, 0.6, 0.4], byStep);
    }

    [Fact]
    public void When_the_production_profile_plans_the_test_evaluation_Should_score_the_seed_and_the_best_dev_prompt()
    {
        TrajectoryEntry[] steps = [Seed, new("A.", 0.5, 1), new("B.", 0.7, 2)];
        var plan = TestEvaluationPlan.For(ProfilePolicy.Production.TestEvaluation, steps, steps[2]);
        Assert.Equal([(0, Seed.Prompt), (2, "B.")], plan.Select(p => (p.CandidateIndex, p.Prompt)));
    }

    [Theory]
    [InlineData("paper", RunProfile.Paper)]
    [InlineData("Production", RunProfile.Production)]
    [InlineData(null, RunProfile.Production)]
    public void When_a_stored_profile_name_is_read_Should_give_its_policy(string? name, RunProfile profile) =>
        Assert.Equal(profile, ProfilePolicy.For(name).Profile);

    [Fact]
    public void When_a_profile_name_is_unknown_Should_say_which_values_are_valid()
    {
        var e = Assert.Throws<ArgumentException>(() => ProfilePolicy.For("faithful"));
        Assert.StartsWith("Profile 'faithful' is not valid; expected one of: production, paper.", e.Message, StringComparison.Ordinal);
    }

    private static CandidateOptions Options(ProfilePolicy policy) =>
        new() { TagFallback = policy.TagFallback, Duplicates = policy.Duplicates };
}
