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
