using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

public sealed class ReplyChecks_Specs
{
    [Fact]
    public void When_a_reply_fits_the_current_step_Should_accept_it_with_its_batch()
    {
        var (run, _) = LifecycleRuns.Create();

        var verdict = ReplyChecks.Judge(run, LifecycleRuns.Reply(run, 0, 2));

        Assert.Equal(ReplyFit.Accept, verdict.Fit);
        Assert.Equal((8, 10), (verdict.Batch!.From, verdict.Batch.To));
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "score 400 of total 4 for a future step", "was never opened" },
        { "batch index 999", "batch index out of range" },
        { "candidate 7", "the step has candidates 0" },
        { "the test split", "does not match the step's split 'dev'" },
        { "no work token", "work token" },
        { "a score above 1", "expected 0 ≤ score ≤ 1" },
        { "a score that is not the sum", "is not the sum" },
        { "an example outside the batch", "distinct example of the batch [0, 4)" },
        { "total above the batch size", "the batch's size" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void When_a_reply_does_not_fit_the_run_Should_reject_it_with_the_reason(string forgery, string reason)
    {
        var (run, _) = LifecycleRuns.Create();
        var valid = LifecycleRuns.Reply(run, 0, 0);
        var reply = forgery switch
        {
            "score 400 of total 4 for a future step" => valid with { Step = 2, Score = 400 },
            "batch index 999" => valid with { BatchIndex = 999 },
            "candidate 7" => valid with { CandidateIndex = 7 },
            "the test split" => valid with { Split = "test" },
            "no work token" => valid with { WorkToken = Guid.Empty },
            "a score above 1" => valid with { Score = 8, Results = [.. valid.Results.Select(r => r with { Score = 2 })] },
            "a score that is not the sum" => valid with { Score = 3.5 },
            "an example outside the batch" => valid with { Results = [.. valid.Results.Select(r => r with { Index = r.Index + 4 })] },
            _ => valid with { Total = 5, Results = [.. valid.Results, valid.Results[0] with { Index = 4 }], Score = 5 },
        };

        var verdict = ReplyChecks.Judge(run, reply);

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> GenerationForgeries => new()
    {
        { "negative optimizer calls", "must be non-negative and finite" },
        { "an embedding cost that is not a number", "must be non-negative and finite" },
        { "a rejection reason of 5,000 characters", $"at most {ReplyChecks.MaxNoteChars} characters" },
        { "a similarity name of 5,000 characters", $"at most {ReplyChecks.MaxNoteChars} characters" },
        { "more rejections than completions", "rejections, more than the 30 completions" },
        { "an embedding with NaN", "a non-empty vector of finite numbers" },
        { "an empty embedding", "a non-empty vector of finite numbers" },
        { "an embedding of a prompt not in the trajectory", "an embedding of a prompt that is not in the run's trajectory (\"Answer in French.\")" },
        { "two dimensions in one reply", "embeddings of 2 and 3 dimensions" },
        { "two embeddings of one prompt", "two embeddings of one prompt" },
        { "more embeddings than prompts", "more than the 2 prompts of the trajectory" },
    };

    [Theory]
    [MemberData(nameof(GenerationForgeries))]
    public void When_candidates_do_not_fit_the_run_Should_reject_them_with_the_reason(string forgery, string reason)
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 1 generating
        var prompt = run.Trajectory[0].Prompt;
        run.Trajectory[0].Embedding = [0.8f, 0.6f]; // stored at an earlier step
        const string second = "Answer Yes or No, then stop.";
        run.Trajectory.Add(new TrajectoryRecord { Step = 1, Prompt = second, DevScore = 0.5 });
        var valid = LifecycleRuns.Candidates(run, "Answer Yes or No after thinking.") with
        {
            Embeddings = [new PromptEmbedding { Prompt = prompt, Vector = [0.6f, 0.8f] }],
            OptimizerUsage = new ModelUsage { Calls = 3, InputTokens = 30 },
        };
        Assert.Equal(ReplyFit.Accept, ReplyChecks.Judge(run, valid).Fit);
        var reply = forgery switch
        {
            "negative optimizer calls" => valid with { OptimizerUsage = new ModelUsage { Calls = -1000 } },
            "an embedding cost that is not a number" => valid with { EmbeddingUsage = new ModelUsage { Calls = 1, Cost = double.NaN } },
            "a rejection reason of 5,000 characters" => valid with { Rejections = [new string('x', 5_000)] },
            "a similarity name of 5,000 characters" => valid with { Similarity = new string('x', 5_000) },
            "more rejections than completions" => valid with { Rejections = [.. Enumerable.Repeat("duplicate", 31)] },
            "an embedding with NaN" => valid with { Embeddings = [new PromptEmbedding { Prompt = prompt, Vector = [float.NaN, 1f] }] },
            "an empty embedding" => valid with { Embeddings = [new PromptEmbedding { Prompt = prompt, Vector = [] }] },
            "an embedding of a prompt not in the trajectory" => valid with { Embeddings = [new PromptEmbedding { Prompt = "Answer in French.", Vector = [1f, 0f] }] },
            "two dimensions in one reply" => valid with { Embeddings = [valid.Embeddings[0], new PromptEmbedding { Prompt = second, Vector = [1f, 0f, 0f] }] },
            "two embeddings of one prompt" => valid with { Embeddings = [valid.Embeddings[0], valid.Embeddings[0]] },
            _ => valid with { Embeddings = [valid.Embeddings[0], valid.Embeddings[0], valid.Embeddings[0]] },
        };

        var verdict = ReplyChecks.Judge(run, reply);

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_stale_generation_claims_negative_usage_Should_reject_it_rather_than_charge_it()
    {
        // A stale generation is charged (RunLifecycle.ChargeGeneration): negative usage would lower what the run used.
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());
        RunLifecycle.Cancel(run, "spec");
        var reply = LifecycleRuns.Candidates(run, "Answer Yes or No.") with { OptimizerUsage = new ModelUsage { Calls = -5 } };

        Assert.Equal(ReplyFit.Stale, ReplyChecks.Judge(run, reply with { OptimizerUsage = new ModelUsage { Calls = 5 } }).Fit);
        Assert.Equal(ReplyFit.Reject, ReplyChecks.Judge(run, reply).Fit);
    }

    [Fact]
    public void When_a_reply_is_for_a_closed_step_or_a_stopped_run_Should_call_it_stale()
    {
        var (run, _) = LifecycleRuns.Create();
        var old = LifecycleRuns.Reply(run, 0, 0);
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());

        Assert.Equal(ReplyFit.Stale, ReplyChecks.Judge(run, old).Fit);
        run.Status = RunStatus.Cancelled;
        Assert.Equal(ReplyFit.Stale, ReplyChecks.Judge(run, old with { Step = 1 }).Fit);
    }

    [Theory]
    [InlineData(RunStatus.Running)]
    [InlineData(RunStatus.Completed)]
    [InlineData(RunStatus.Cancelled)]
    public void When_a_forged_reply_arrives_for_a_closed_step_or_after_the_run_ended_Should_reject_it_as_while_it_runs(RunStatus status)
    {
        // They were only ignored (stale) once the run had ended or the step closed: a forgery left no trace but a log line.
        var (run, _) = LifecycleRuns.Create();
        var valid = LifecycleRuns.Reply(run, 0, 0);
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 0 closed
        run.Status = status;

        var neverOpened = ReplyChecks.Judge(run, valid with { Step = run.CurrentStep + 2 });
        var notItsSum = ReplyChecks.Judge(run, valid with { Score = 400, WorkToken = Guid.NewGuid() });
        var scoreAboveOne = ReplyChecks.Judge(run, valid with { Score = 8, Results = [.. valid.Results.Select(r => r with { Score = 2 })], BatchIndex = 999 });

        Assert.Equal((ReplyFit.Reject, ReplyFit.Reject, ReplyFit.Reject), (neverOpened.Fit, notItsSum.Fit, scoreAboveOne.Fit));
        Assert.Contains("was never opened", neverOpened.Reason, StringComparison.Ordinal);
        Assert.Contains("is not the sum", notItsSum.Reason, StringComparison.Ordinal);
        Assert.Contains("expected 0 ≤ score ≤ 1", scoreAboveOne.Reason, StringComparison.Ordinal);
        // A genuine late copy of step 0's work is still stale (its answers memoized and charged), not rejected.
        Assert.Equal(ReplyFit.Stale, ReplyChecks.Judge(run, valid).Fit);
    }

    [Fact]
    public void When_scores_arrive_for_a_step_that_has_no_candidates_yet_Should_reject_them()
    {
        var (run, _) = LifecycleRuns.Create();
        var reply = LifecycleRuns.Reply(run, 0, 0);
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());

        var verdict = ReplyChecks.Judge(run, reply with { Step = 1 });

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains("no candidates yet", verdict.Reason, StringComparison.Ordinal);
    }
}
