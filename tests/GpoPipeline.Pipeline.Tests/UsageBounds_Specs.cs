using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A reply's usage is memoized, charged and summed into the run's budget: usage above what the work can take
/// (<see cref="UsageBounds"/>) was accepted and wrapped a run's spend negative (MaxCalls, MaxTokens lifted) or threw
/// an OverflowException that failed the run. It is rejected before any write, naming the field and the bound.
/// </summary>
public sealed class UsageBounds_Specs
{
    public static TheoryData<string, string> HugeScoringUsage => new()
    {
        { "calls that wrap the budget", "usage Calls 9223372036854775800 is above the bound 8" },
        { "input tokens of long.MaxValue", "usage InputTokens 9223372036854775807 is above the bound 40000000" },
        { "output tokens above the bound", "usage OutputTokens 40000001 is above the bound 40000000" },
        { "attempts above the bound", "usage Attempts 409 is above the bound 408" },
        { "a cost above the bound", "usage Cost 4000.5 is above the bound 4000 USD" },
        { "two results whose calls overflow their sum", "usage Calls 9223372036854775807 is above the bound 8" },
    };

    [Theory]
    [MemberData(nameof(HugeScoringUsage))]
    public void When_a_reply_reports_more_usage_than_an_example_can_take_Should_reject_it_naming_the_field_and_the_bound(string forgery, string reason)
    {
        var (run, _) = LifecycleRuns.Create();
        var reply = WithUsage(LifecycleRuns.Reply(run, 0, 0), forgery);

        var verdict = ReplyChecks.Judge(run, reply);

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("one example takes at most 8 calls", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_reply_reports_the_most_usage_an_example_can_take_Should_accept_it()
    {
        var (run, _) = LifecycleRuns.Create();
        // Two rounds in each of the deliveries a worker may pay for (a reply reports its failed deliveries' payments too).
        var most = new ModelUsage { Calls = 8, Attempts = 8 * UsageBounds.MaxAttemptsPerCall, InputTokens = 40_000_000, OutputTokens = 40_000_000, Cost = 4_000 };
        var valid = LifecycleRuns.Reply(run, 0, 0);

        var verdict = ReplyChecks.Judge(run, valid with { Results = [.. valid.Results.Select(r => r with { Usage = most })] });

        Assert.Equal(ReplyFit.Accept, verdict.Fit);
    }

    [Fact]
    public void When_a_run_asks_for_one_answer_round_Should_reject_more_than_one_call_per_example_and_delivery()
    {
        var (run, _) = LifecycleRuns.Create();
        run.Configuration = run.Configuration! with { TwoRoundExtraction = false };
        var valid = LifecycleRuns.Reply(run, 0, 0);

        var one = ReplyChecks.Judge(run, valid with { Results = [.. valid.Results.Select(r => r with { Usage = new ModelUsage { Calls = UsageBounds.MaxDeliveries } })] });
        var two = ReplyChecks.Judge(run, valid with { Results = [.. valid.Results.Select(r => r with { Usage = new ModelUsage { Calls = UsageBounds.MaxDeliveries + 1 } })] });

        Assert.Equal(ReplyFit.Accept, one.Fit);
        Assert.Equal(ReplyFit.Reject, two.Fit);
        Assert.Contains("usage Calls 5 is above the bound 4", two.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_late_copy_of_a_closed_steps_batch_reports_huge_usage_Should_reject_it_rather_than_charge_it()
    {
        // A genuine late reply is memoized and charged (stale with its batch): huge usage must not get that far.
        var (run, _) = LifecycleRuns.Create();
        var late = LifecycleRuns.Reply(run, 0, 0);
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 0 closed

        var verdict = ReplyChecks.Judge(run, WithUsage(late, "two results whose calls overflow their sum"));

        Assert.Equal(ReplyFit.Stale, ReplyChecks.Judge(run, late).Fit);
        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Null(verdict.Batch);
        Assert.Contains("usage Calls 9223372036854775807 is above the bound 8", verdict.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> HugeGenerationUsage => new()
    {
        { "optimizer calls that wrap the budget", "OptimizerUsage: usage Calls 9223372036854775800 is above the bound 240" },
        { "optimizer input tokens of long.MaxValue", "OptimizerUsage: usage InputTokens 9223372036854775807 is above the bound 1200000000" },
        { "embedding output tokens of long.MaxValue", "EmbeddingUsage: usage OutputTokens 9223372036854775807 is above the bound 1200000000" },
        { "an embedding cost above the bound", "EmbeddingUsage: usage Cost 1E+300 is above the bound 120000 USD" },
    };

    [Theory]
    [MemberData(nameof(HugeGenerationUsage))]
    public void When_candidates_report_more_usage_than_a_step_can_take_Should_reject_them_naming_the_field_and_the_bound(string forgery, string reason)
    {
        var (run, _) = LifecycleRuns.Create(); // 3 candidates: at most 3 × 20 × 4 deliveries = 240 calls for a step's generation
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 1 generating
        var valid = LifecycleRuns.Candidates(run, "Answer Yes or No after thinking.") with { OptimizerUsage = new ModelUsage { Calls = 240, InputTokens = 1_200_000_000 } };
        Assert.Equal(ReplyFit.Accept, ReplyChecks.Judge(run, valid).Fit);
        var reply = forgery switch
        {
            "optimizer calls that wrap the budget" => valid with { OptimizerUsage = new ModelUsage { Calls = 9223372036854775800 } },
            "optimizer input tokens of long.MaxValue" => valid with { OptimizerUsage = new ModelUsage { Calls = 3, InputTokens = long.MaxValue } },
            "embedding output tokens of long.MaxValue" => valid with { EmbeddingUsage = new ModelUsage { Calls = 1, OutputTokens = long.MaxValue } },
            _ => valid with { EmbeddingUsage = new ModelUsage { Calls = 1, Cost = 1e300 } },
        };

        var verdict = ReplyChecks.Judge(run, reply);

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_stale_generation_reports_huge_usage_Should_reject_it_rather_than_charge_it()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());
        RunLifecycle.Cancel(run, "spec");
        var reply = LifecycleRuns.Candidates(run, "Answer Yes or No.");

        Assert.Equal(ReplyFit.Stale, ReplyChecks.Judge(run, reply with { OptimizerUsage = new ModelUsage { Calls = 5 } }).Fit);
        Assert.Equal(ReplyFit.Reject, ReplyChecks.Judge(run, reply with { OptimizerUsage = new ModelUsage { Calls = long.MaxValue } }).Fit);
    }

    private static BatchScored WithUsage(BatchScored valid, string forgery)
    {
        var usage = forgery switch
        {
            "calls that wrap the budget" => new ModelUsage { Calls = 9223372036854775800 },
            "input tokens of long.MaxValue" => new ModelUsage { Calls = 1, InputTokens = long.MaxValue },
            "output tokens above the bound" => new ModelUsage { Calls = 2, OutputTokens = 40_000_001 },
            "attempts above the bound" => new ModelUsage { Calls = 2, Attempts = 409 },
            "a cost above the bound" => new ModelUsage { Calls = 2, Cost = 4_000.5 },
            _ => null,
        };
        return usage is not null
            ? valid with { Results = [valid.Results[0] with { Usage = usage }, .. valid.Results.Skip(1)] }
            : valid with { Results = [valid.Results[0] with { Usage = new ModelUsage { Calls = long.MaxValue } }, valid.Results[1] with { Usage = new ModelUsage { Calls = 1 } }, .. valid.Results.Skip(2)] };
    }
}
