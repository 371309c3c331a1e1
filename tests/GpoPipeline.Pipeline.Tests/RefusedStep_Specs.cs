using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A retrieval or generation worker that refuses a step's work as unfit would refuse it again when it is sent again:
/// the run fails naming the refusal, but only for the open step's own work (its work token), never for a forgery.
/// </summary>
public sealed class RefusedStep_Specs
{
    [Fact]
    public void When_a_worker_refuses_the_open_steps_own_work_Should_fail_the_run_naming_the_worker_and_the_refusal()
    {
        var (run, token) = GeneratingStepOne();

        var transition = RunLifecycle.FailRefusedStep(run, 1, token, "retrieval", "trajectory entries: 2; the limit is 1 (Limits:MaxTrajectoryEntries)");

        Assert.True(transition.Changed);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("the retrieval worker refused the work of step 1: trajectory entries: 2; the limit is 1 (Limits:MaxTrajectoryEntries)", run.FailureReason);
    }

    [Theory]
    [InlineData("another token")]
    [InlineData("no token")]
    [InlineData("another step")]
    [InlineData("step scoring")]
    [InlineData("run cancelled")]
    public void When_the_refused_work_is_not_the_open_steps_own_Should_change_nothing(string difference)
    {
        var (run, token) = GeneratingStepOne();
        var step = 1;
        switch (difference)
        {
            case "another token": token = Guid.NewGuid(); break;
            case "no token": token = Guid.Empty; run.Steps[^1].WorkToken = Guid.Empty; break;
            case "another step": step = 2; break;
            case "step scoring": RunLifecycle.RecordCandidates(run, LifecycleRuns.Candidates(run, "Think first.", "Answer briefly."), LifecycleRuns.Now, token, 10_000); break;
            default: RunLifecycle.Cancel(run, "test"); break;
        }

        var status = run.Status;
        var transition = RunLifecycle.FailRefusedStep(run, step, token, "generation", "refused");

        Assert.False(transition.Changed);
        Assert.Equal(status, run.Status);
        Assert.DoesNotContain("refused", run.FailureReason ?? string.Empty, StringComparison.Ordinal);
    }

    private static (RunRecord Run, Guid Token) GeneratingStepOne()
    {
        var (run, _) = LifecycleRuns.Create();
        var token = Guid.NewGuid();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, token);
        Assert.Equal(StepStatus.Generating, run.Steps[^1].Status);
        return (run, token);
    }
}
