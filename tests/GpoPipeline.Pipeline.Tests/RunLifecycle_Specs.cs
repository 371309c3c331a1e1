using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

public sealed class RunLifecycle_Specs
{
    [Fact]
    public void When_a_run_is_created_Should_score_the_initial_prompt_on_every_dev_batch_as_the_baseline_step()
    {
        var (run, transition) = LifecycleRuns.Create();

        var work = Assert.IsType<ScoreStep>(Assert.Single(transition.Work));
        Assert.Equal(StepKind.Baseline, run.Steps[0].Kind);
        Assert.Equal([(0, 4), (4, 8), (8, 10)], work.Batches.Select(b => (b.From, b.To)));
        Assert.All(work.Batches, b => Assert.Equal(LifecycleRuns.Settings.InitialPrompt, b.Prompt));
        Assert.All(work.Batches, b => Assert.Equal("dev", b.Split));
    }

    [Fact]
    public void When_a_batch_of_the_step_is_still_missing_Should_change_nothing()
    {
        var (run, _) = LifecycleRuns.Create();
        var scores = LifecycleRuns.AllScored(run);

        var transition = RunLifecycle.Advance(run, scores.Skip(1).ToList(), LifecycleRuns.Now, Guid.NewGuid());

        Assert.False(transition.Changed);
        Assert.Empty(transition.Work);
        Assert.Empty(run.Trajectory);
    }

    [Fact]
    public void When_a_scoring_step_misses_a_batch_Should_count_as_still_scoring_until_every_batch_is_scored()
    {
        var (run, _) = LifecycleRuns.Create();
        var scores = LifecycleRuns.AllScored(run);

        Assert.True(RunLifecycle.StillScoring(run, [.. scores.Skip(1).Select(BatchKey.Of)]));
        Assert.False(RunLifecycle.StillScoring(run, [.. scores.Select(BatchKey.Of)]));
        RunLifecycle.Advance(run, scores, LifecycleRuns.Now, Guid.NewGuid());
        Assert.False(RunLifecycle.StillScoring(run, [])); // step one is generating: not a scoring step to wait on
        RunLifecycle.Cancel(run, "test");
        Assert.False(RunLifecycle.StillScoring(run, []));
    }

    [Fact]
    public void When_the_baseline_is_scored_Should_start_the_trajectory_and_open_step_one_with_its_edit_budget()
    {
        var (run, _) = LifecycleRuns.Create();

        var transition = RunLifecycle.Advance(run, LifecycleRuns.AllScored(run, 0.3), LifecycleRuns.Now, Guid.NewGuid());

        Assert.True(transition.Changed);
        var entry = Assert.Single(run.Trajectory);
        Assert.Equal(0.3, entry.DevScore, 10);
        Assert.Equal(1, run.CurrentStep);
        Assert.Equal(StepKind.Optimize, run.Steps[1].Kind);
        Assert.Equal(StepStatus.Generating, run.Steps[1].Status);
        Assert.Equal(30, run.Steps[1].EditBudget); // cosine, s = 1 of T = 2: 10 + 40·(1 + cos(π/2))/2 (spec §3.2)
        Assert.IsType<Announce>(transition.Work[0]);
        Assert.Equal(1, Assert.IsType<OpenStep>(transition.Work[1]).Step);
    }

    [Fact]
    public void When_candidates_arrive_Should_record_them_and_fan_out_every_candidate_times_batch_with_a_new_work_token()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());
        var token = Guid.NewGuid();

        var transition = RunLifecycle.RecordCandidates(run, LifecycleRuns.Candidates(run, "Be careful.", "Check each step."), LifecycleRuns.Now, token, 20_000);

        var work = Assert.IsType<ScoreStep>(Assert.Single(transition.Work));
        Assert.Equal(6, work.Batches.Count);
        Assert.Equal(StepStatus.Scoring, run.Steps[1].Status);
        Assert.Equal(token, run.Steps[1].WorkToken);
    }

    [Fact]
    public void When_a_candidate_is_over_the_prompt_limit_Should_drop_it_naming_the_limit()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());

        RunLifecycle.RecordCandidates(run, LifecycleRuns.Candidates(run, "Short.", new string('w', 50)), LifecycleRuns.Now, Guid.NewGuid(), 40);

        Assert.Equal(["Short."], run.Steps[1].Candidates.Select(c => c.Prompt));
        Assert.Contains(run.Steps[1].Rejections, r => r.Contains("Scheduler:MaxPromptChars", StringComparison.Ordinal));
    }

    [Fact]
    public void When_no_candidate_is_usable_Should_keep_the_current_prompt_for_the_step_and_go_on()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());
        var generated = LifecycleRuns.Candidates(run) with { Rejections = ["reply 0: no <START> tag in the reply", "reply 1: no <END> tag in the reply"] };

        var transition = RunLifecycle.RecordCandidates(run, generated, LifecycleRuns.Now, Guid.NewGuid(), 20_000);

        // Issue 15 point 3: the official code never fails a run here; the step says what happened.
        Assert.Equal(RunStatus.Running, run.Status);
        var step = run.Steps[1];
        Assert.Equal(StepStatus.Scoring, step.Status);
        Assert.Equal([run.Trajectory[0].Prompt], step.Candidates.Select(c => c.Prompt));
        Assert.Equal(Optimization.Candidates.KeptCurrentPrompt.Note, step.Note);
        Assert.Equal(2, step.Rejections.Count);
        Assert.IsType<ScoreStep>(Assert.Single(transition.Work));

        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());

        Assert.Equal(2, run.Trajectory.Count);
        Assert.Equal(run.Trajectory[0].Prompt, run.Trajectory[1].Prompt);
        Assert.Equal(2, run.CurrentStep);
    }

    [Fact]
    public void When_the_last_optimize_step_closes_Should_score_the_initial_and_the_best_prompt_on_test_then_finish()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run, 0.2), LifecycleRuns.Now, Guid.NewGuid());
        for (var step = 1; step <= 2; step++)
        {
            RunLifecycle.RecordCandidates(run, LifecycleRuns.Candidates(run, $"Prompt A{step}.", $"Prompt B{step}."), LifecycleRuns.Now, Guid.NewGuid(), 20_000);
            RunLifecycle.Advance(run, LifecycleRuns.AllScored(run, 0.2 + (0.1 * step)), LifecycleRuns.Now, Guid.NewGuid());
        }

        var test = run.Steps[^1];
        Assert.Equal(StepKind.Test, test.Kind);
        Assert.Equal([run.Trajectory[0].Prompt, run.BestPrompt], test.Candidates.Select(c => c.Prompt));
        Assert.Equal(3, StepSplits.BatchCount(run, StepKind.Test) + 1); // 6 test examples in batches of 4

        var finish = RunLifecycle.Advance(run, LifecycleRuns.AllScored(run, 0.6), LifecycleRuns.Now, Guid.NewGuid());

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.IsType<Finish>(Assert.Single(finish.Work));
        Assert.Equal(0.6, run.InitialTestScore!.Value, 10);
        // Test candidate i is the prompt selected at step i (AllScored gives candidate i 0.6 + i/100).
        var bestStep = run.Trajectory.First(t => t.Prompt == run.BestPrompt).Step;
        Assert.Equal(0.6 + (bestStep / 100.0), run.BestTestScore!.Value, 10);
        Assert.Equal(run.BestTestScore, run.Trajectory.First(t => t.Step == bestStep).TestScore);
        Assert.Single(run.Trajectory, t => t.TestScore is null); // production: the seed and the best-dev prompt only
    }

    [Fact]
    public void When_a_stopped_run_resumes_with_a_larger_budget_Should_resend_only_the_missing_batches()
    {
        var (run, _) = LifecycleRuns.Create();
        Assert.True(RunLifecycle.StopForBudget(run, "calls").Changed);
        var scores = LifecycleRuns.AllScored(run).Take(2).ToList();

        Assert.True(RunLifecycle.Resume(run, new ResumeRun { RunId = run.Id, MaxCalls = 99 }, LifecycleRuns.Now).Changed);
        var pending = Assert.IsType<ScoreStep>(Assert.Single(RunLifecycle.Pending(run, [.. scores.Select(BatchKey.Of)])));

        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(99, run.Settings.MaxCalls);
        Assert.Equal([2], pending.Batches.Select(b => b.BatchIndex));
    }

    [Fact]
    public void When_a_finished_run_is_cancelled_failed_or_stopped_Should_change_nothing()
    {
        var (run, _) = LifecycleRuns.Create();
        run.Status = RunStatus.Completed;

        Assert.False(RunLifecycle.Cancel(run, "x").Changed);
        Assert.False(RunLifecycle.Fail(run, "x", 0).Changed);
        Assert.False(RunLifecycle.StopForBudget(run, "x").Changed);
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public void When_a_StartRun_faults_Should_fail_the_run_only_while_it_stands_at_its_baseline()
    {
        var (atBaseline, _) = LifecycleRuns.Create();
        var (movedOn, _) = LifecycleRuns.Create();
        Assert.True(RunLifecycle.Advance(movedOn, LifecycleRuns.AllScored(movedOn), LifecycleRuns.Now, Guid.NewGuid()).Changed);

        Assert.True(RunLifecycle.FailStart(atBaseline, "StartRun failed after retries: boom").Changed);
        Assert.False(RunLifecycle.FailStart(movedOn, "StartRun failed after retries: boom").Changed);

        Assert.Equal(RunStatus.Failed, atBaseline.Status);
        Assert.Equal("StartRun failed after retries: boom", atBaseline.FailureReason);
        Assert.Equal(RunStatus.Running, movedOn.Status);
        Assert.Null(movedOn.FailureReason);
    }

    [Theory]
    [InlineData("its own token", true)]
    [InlineData("no token", false)]
    [InlineData("another token", false)]
    [InlineData("another step", false)]
    public void When_work_of_the_generating_step_faults_Should_fail_the_run_only_when_it_carries_the_steps_token(string carries, bool fails)
    {
        // A message sent without its token reads Guid.Empty: not the run's work, even while its step waits for a reply.
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());
        var open = run.Steps[^1];
        Assert.Equal(StepStatus.Generating, open.Status);
        var (step, token) = carries switch
        {
            "its own token" => (open.Step, open.WorkToken),
            "no token" => (open.Step, Guid.Empty),
            "another token" => (open.Step, Guid.NewGuid()),
            _ => (open.Step + 1, open.WorkToken),
        };

        var transition = RunLifecycle.FailFaultedWork(run, step, token, "StepStarted of step 1 failed after retries");

        Assert.Equal(fails, transition.Changed);
        Assert.Equal(fails ? RunStatus.Failed : RunStatus.Running, run.Status);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("fail")]
    public void When_a_message_brings_a_reason_of_100000_characters_Should_store_the_first_2000(string how)
    {
        // A CancelRun's reason and a fault's message go into the run's document; MongoDB refuses one over 16 MB.
        var (run, _) = LifecycleRuns.Create();
        var reason = new string('r', 100_000);

        var transition = how == "cancel" ? RunLifecycle.Cancel(run, reason) : RunLifecycle.Fail(run, reason, 0);

        Assert.True(transition.Changed);
        Assert.Equal(ReplyChecks.MaxNoteChars, run.FailureReason!.Length);
        Assert.EndsWith("r…", run.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_cancel_brings_no_reason_Should_say_cancelled()
    {
        var (run, _) = LifecycleRuns.Create();

        RunLifecycle.Cancel(run, null!);

        Assert.Equal("cancelled", run.FailureReason);
    }
}
