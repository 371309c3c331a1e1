using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.PromptGeneration;
using GpoPipeline.Scoring;
using GpoPipeline.Trajectories;

using GpoPipeline.Testing;

namespace GpoPipeline.Pipeline.Tests;

public sealed class Consumer_Specs
{
    [Fact]
    public async Task When_StartRun_is_consumed_Should_fan_out_one_ScoreBatch_per_dev_batch_of_the_initial_prompt()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<StartRunConsumer>());
        var settings = PipelineCluster.SmallRun() with { MaxDevExamples = 10, BatchSize = 4 };

        await harness.Harness.Bus.Publish(new StartRun { RunId = Guid.NewGuid(), Settings = settings });

        Assert.True(await harness.Harness.Consumed.Any<StartRun>());
        var batches = harness.Harness.Published.Select<ScoreBatch>().Select(m => m.Context.Message).ToList();
        Assert.Equal([(0, 4), (4, 8), (8, 10)], batches.Select(b => (b.From, b.To)).OrderBy(r => r.From));
        Assert.All(batches, b => Assert.Equal(settings.InitialPrompt, b.Prompt));
    }

    [Fact]
    public async Task When_StartRun_names_a_missing_dataset_Should_publish_RunFailed_and_store_the_reason()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<StartRunConsumer>());
        var runId = Guid.NewGuid();

        await harness.Harness.Bus.Publish(new StartRun { RunId = runId, Settings = PipelineCluster.SmallRun() with { DataPath = "/nowhere/task" } });

        Assert.True(await harness.Harness.Published.Any<RunFailed>());
        var run = await harness.Store.GetRunAsync(runId);
        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.Contains("/nowhere/task", run.FailureReason, StringComparison.Ordinal);
        Assert.False(await harness.Harness.Published.Any<ScoreBatch>());
    }

    [Fact]
    public async Task When_StepStarted_is_consumed_Should_publish_the_direction_with_the_current_prompt_first()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<StepStartedConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());

        await harness.Harness.Bus.Publish(new StepStarted { RunId = run.Id, Step = 1, TotalSteps = run.TotalSteps, EditBudget = 42 });

        Assert.True(await harness.Harness.Published.Any<DirectionRetrieved>());
        var direction = harness.Harness.Published.Select<DirectionRetrieved>().Single().Context.Message;
        Assert.Equal(42, direction.EditBudget);
        Assert.Equal(run.Settings.InitialPrompt, direction.Direction[0].Prompt);
    }

    [Fact]
    public async Task When_StepStarted_is_stale_Should_publish_nothing()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<StepStartedConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());

        await harness.Harness.Bus.Publish(new StepStarted { RunId = run.Id, Step = 5, TotalSteps = run.TotalSteps });

        Assert.True(await harness.Harness.Consumed.Any<StepStarted>());
        Assert.False(await harness.Harness.Published.Any<DirectionRetrieved>());
    }

    [Fact]
    public async Task When_DirectionRetrieved_is_consumed_Should_publish_screened_candidates_with_edit_distances()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<DirectionRetrievedConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun() with { Candidates = 6 });

        await harness.Harness.Bus.Publish(new DirectionRetrieved
        {
            RunId = run.Id, Step = 1, EditBudget = 20,
            Direction = [new DirectionEntry { Prompt = run.Settings.InitialPrompt, DevScore = 0.5, Step = 0 }],
        });

        Assert.True(await harness.Harness.Published.Any<CandidatesGenerated>());
        var generated = harness.Harness.Published.Select<CandidatesGenerated>().Single().Context.Message;
        Assert.NotEmpty(generated.Candidates);
        Assert.True(generated.Candidates.Count + generated.Rejections.Count >= 6);
        Assert.All(generated.Candidates, c => Assert.Equal(c.EditDistance <= 20, c.WithinBudget));
        Assert.Equal(generated.Candidates.Count, generated.Candidates.Select(c => c.Prompt.ToUpperInvariant()).Distinct().Count());
        Assert.DoesNotContain(generated.Candidates, c => c.Prompt == run.Settings.InitialPrompt);
    }

    [Fact]
    public async Task When_ScoreBatch_is_consumed_Should_publish_the_batch_score_and_not_call_again_on_redelivery()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<ScoreBatchConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var batch = new ScoreBatch
        {
            RunId = run.Id, Step = 1, CandidateIndex = 0, BatchIndex = 0, Prompt = "Think step by step and check each move.",
            DataPath = run.Settings.DataPath, Task = run.Task, Split = "dev", From = 0, To = 4,
        };

        await harness.Harness.Bus.Publish(batch);
        Assert.True(await harness.Harness.Published.Any<BatchScored>());
        var calls = harness.Simulator.Requests.Snapshot().Count;
        await harness.Harness.Bus.Publish(batch);
        await harness.Harness.InactivityTask;

        var scored = harness.Harness.Published.Select<BatchScored>().Select(m => m.Context.Message).ToList();
        Assert.Equal(2, scored.Count);
        Assert.All(scored, s => Assert.Equal(4, s.Total));
        Assert.Equal(scored[0].Score, scored[1].Score);
        Assert.Equal(8, calls); // 4 examples × two rounds (spec §5.3)
        Assert.Equal(calls, harness.Simulator.Requests.Snapshot().Count);
    }

    [Fact]
    public async Task When_ScoreBatch_runs_past_the_budget_Should_publish_BudgetExhausted_instead_of_failing()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<ScoreBatchConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun() with { MaxCalls = 3 });

        await harness.Harness.Bus.Publish(new ScoreBatch
        {
            RunId = run.Id, Step = 1, CandidateIndex = 0, BatchIndex = 0, Prompt = "Be careful.",
            DataPath = run.Settings.DataPath, Task = run.Task, Split = "dev", From = 0, To = 4,
        });

        Assert.True(await harness.Harness.Published.Any<BudgetExhausted>());
        Assert.False(await harness.Harness.Published.Any<BatchScored>());
        Assert.True(harness.Simulator.Requests.Snapshot().Count <= 3);
    }

    [Fact]
    public async Task When_BudgetExhausted_is_consumed_Should_stop_the_run_and_keep_its_trajectory()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<BudgetExhaustedConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());

        await harness.Harness.Bus.Publish(new BudgetExhausted { RunId = run.Id, Step = 1, Detail = "calls: 3 of 3" });

        Assert.True(await harness.Harness.Published.Any<RunCompleted>());
        var stopped = await harness.Store.GetRunAsync(run.Id);
        Assert.Equal(RunStatus.StoppedBudget, stopped!.Status);
        Assert.Single(stopped.Trajectory);
        Assert.Equal("stopped: budget", harness.Harness.Published.Select<RunCompleted>().Single().Context.Message.Status);
    }
}
