using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Issue 13 §5 (usage misses what a provider bills): a batch in flight when its step closed or its run was cancelled
/// was still paid. Its reply is stale for the run, but when it is genuine work of its own step its answers are
/// memoized and charged (a resumed run then does not ask again); a reply that is not the step's work changes nothing.
/// Each paid reply is charged once, told apart from a redelivered copy by its message id: a second scorer's copy of a
/// batch too, though its answers are not kept. The same holds for generations: each paid one (the step's, one that
/// came back after a cancel, a second worker's copy) is charged once.
/// </summary>
public sealed class LateReply_Specs
{
    [Fact]
    public async Task When_a_genuine_reply_arrives_after_its_step_closed_Should_memoize_and_charge_its_answers_once()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun()); // step 0 closed; its batch scores never stored
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var late = Reply(run.Id, run.Steps[0].WorkToken);
        var replyId = Guid.NewGuid();

        await driver.RecordScoreAsync(late, replyId, harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordScoreAsync(late, replyId, harness.Harness.Bus, repeat: false, CancellationToken.None); // its duplicate

        var usage = await harness.Store.GetUsageAsync(run.Id);
        Assert.Equal(4, usage.Where(u => u.Role == "task").Sum(u => u.Calls));
        Assert.Equal(40, usage.Where(u => u.Role == "task").Sum(u => u.InputTokens));
        Assert.Contains(await harness.Store.GetBatchScoresAsync(run.Id, 0), b => b.CandidateIndex == 0 && b.BatchIndex == 0 && b.Score == 3);
        Assert.Equal(1, (await harness.Store.GetRunAsync(run.Id))!.CurrentStep); // nothing advanced
    }

    [Fact]
    public async Task When_two_scorers_paid_for_one_batch_Should_charge_each_copy_once_and_keep_the_first_answers()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var copy = Reply(run.Id, run.Steps[0].WorkToken) with { Score = 1, Results = [.. Reply(run.Id, run.Steps[0].WorkToken).Results.Select(r => r with { Score = r.Index == 0 ? 1 : 0 })] };

        // The batch's request was redelivered to a second scorer (the first died after replying, before its ack): both paid.
        await driver.RecordScoreAsync(Reply(run.Id, run.Steps[0].WorkToken), first, harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordScoreAsync(copy, second, harness.Harness.Bus, repeat: true, CancellationToken.None);
        await driver.RecordScoreAsync(copy, second, harness.Harness.Bus, repeat: true, CancellationToken.None); // the copy, redelivered

        var usage = await harness.Store.GetUsageAsync(run.Id);
        Assert.Equal((8L, 80L), (usage.Where(u => u.Role == "task").Sum(u => u.Calls), usage.Where(u => u.Role == "task").Sum(u => u.InputTokens)));
        var batch = Assert.Single(await harness.Store.GetBatchScoresAsync(run.Id, 0), b => b.CandidateIndex == 0 && b.BatchIndex == 0 && b.Split == "dev");
        Assert.Equal(3, batch.Score); // the first reply's answers, memoized first
    }

    [Fact]
    public async Task When_the_bus_delivers_one_reply_twice_and_another_scorers_copy_once_Should_charge_by_message_id()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<BatchScoredConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var redelivered = NewId.NextGuid();

        await harness.Harness.Bus.Publish(Reply(run.Id, run.Steps[0].WorkToken), context => context.MessageId = redelivered);
        await harness.Harness.Bus.Publish(Reply(run.Id, run.Steps[0].WorkToken), context => context.MessageId = redelivered);
        await harness.Harness.Bus.Publish(Reply(run.Id, run.Steps[0].WorkToken)); // a second scorer's copy: a message of its own
        await harness.Harness.InactivityTask;
        Assert.True(await harness.Harness.Consumed.Any<BatchScored>(m => m.Context.MessageId == redelivered));

        Assert.Equal(8, (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "task").Sum(u => u.Calls));
    }

    [Fact]
    public async Task When_a_late_reply_is_not_its_steps_work_Should_record_nothing()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();

        await driver.RecordScoreAsync(Reply(run.Id, Guid.NewGuid()), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordScoreAsync(Reply(run.Id, run.Steps[0].WorkToken) with { BatchIndex = 99 }, Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);

        Assert.Empty(await harness.Store.GetUsageAsync(run.Id));
        Assert.Empty(await harness.Store.GetBatchScoresAsync(run.Id, 0));
    }

    [Fact]
    public async Task When_candidates_come_back_after_the_run_was_cancelled_Should_charge_the_optimizer_once_and_change_nothing_else()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun()); // step 1 asked the optimizer
        var driver = harness.Services.GetRequiredService<RunDriver>();
        await driver.CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);
        var generation = Guid.NewGuid();

        await driver.RecordCandidatesAsync(Generated(run), generation, harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordCandidatesAsync(Generated(run), generation, harness.Harness.Bus, repeat: false, CancellationToken.None); // its duplicate

        // The cancel landed while the optimizer worked: those calls were paid (P4 measured 5 paid calls never charged).
        var usage = await harness.Store.GetUsageAsync(run.Id);
        Assert.Equal(4, usage.Where(u => u.Role == "optimizer").Sum(u => u.Calls));
        Assert.Equal(400, usage.Where(u => u.Role == "optimizer").Sum(u => u.InputTokens));
        Assert.Equal(1, usage.Where(u => u.Role == "embedding").Sum(u => u.Calls));
        var stored = (await harness.Store.GetRunAsync(run.Id))!;
        Assert.Equal(RunStatus.Cancelled, stored.Status);
        Assert.Equal(StepStatus.Generating, stored.Steps[^1].Status);
        Assert.Empty(stored.Steps[^1].Candidates);
    }

    [Fact]
    public async Task When_recorded_candidates_come_again_after_the_run_was_cancelled_Should_not_charge_them_twice()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var generation = Guid.NewGuid();
        await driver.RecordCandidatesAsync(Generated(run), generation, harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);

        await driver.RecordCandidatesAsync(Generated(run), generation, harness.Harness.Bus, repeat: false, CancellationToken.None); // redelivered

        var usage = await harness.Store.GetUsageAsync(run.Id);
        Assert.Equal(4, usage.Where(u => u.Role == "optimizer").Sum(u => u.Calls));
        Assert.Equal(StepStatus.Scoring, (await harness.Store.GetRunAsync(run.Id))!.Steps[^1].Status);
    }

    [Fact]
    public async Task When_two_generations_of_a_step_come_back_after_the_cancel_Should_charge_each_once()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        await driver.CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);

        // Two workers generated step 1 (its request was redelivered): both were paid.
        await driver.RecordCandidatesAsync(Generated(run), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordCandidatesAsync(Generated(run), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);

        Assert.Equal(8, (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "optimizer").Sum(u => u.Calls));
    }

    [Fact]
    public async Task When_a_second_worker_generates_a_running_step_again_Should_charge_its_copy_once_and_keep_the_first()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        await driver.RecordCandidatesAsync(Generated(run), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        var second = Guid.NewGuid();
        var other = Generated(run) with { Candidates = [new CandidatePrompt { CandidateIndex = 0, Prompt = "Another prompt entirely.", EditDistance = 3, WithinBudget = true }] };

        await driver.RecordCandidatesAsync(other, second, harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordCandidatesAsync(other, second, harness.Harness.Bus, repeat: false, CancellationToken.None); // its redelivery

        var usage = await harness.Store.GetUsageAsync(run.Id);
        Assert.Equal(8, usage.Where(u => u.Role == "optimizer").Sum(u => u.Calls));
        Assert.Equal(2, usage.Where(u => u.Role == "embedding").Sum(u => u.Calls));
        var step = (await harness.Store.GetRunAsync(run.Id))!.Steps[^1];
        Assert.Equal(StepStatus.Scoring, step.Status);
        Assert.Equal("Count each step, then answer.", Assert.Single(step.Candidates).Prompt);
    }

    [Fact]
    public async Task When_a_generation_charged_after_the_cancel_is_taken_after_the_resume_Should_not_charge_it_again()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        await driver.CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);
        var generation = Guid.NewGuid();
        await driver.RecordCandidatesAsync(Generated(run), generation, harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.ResumeAsync(new ResumeRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);

        await driver.RecordCandidatesAsync(Generated(run), generation, harness.Harness.Bus, repeat: false, CancellationToken.None); // redelivered

        Assert.Equal(4, (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "optimizer").Sum(u => u.Calls));
        Assert.Equal(StepStatus.Scoring, (await harness.Store.GetRunAsync(run.Id))!.Steps[^1].Status); // taken by the resumed step
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_the_scheduler_died_between_charging_a_generation_and_writing_its_usage_Should_write_it_on_the_redelivery_once(bool cancelled)
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        if (cancelled)
        {
            await driver.CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);
        }

        // What the first delivery's compare-and-set stored before the process died: the generation counted as charged
        // (and, on the running run, taken by the step); the usage write after it never happened.
        var generation = Guid.NewGuid();
        var stored = (await harness.Store.GetRunAsync(run.Id))!;
        if (!cancelled)
        {
            Assert.True(RunLifecycle.RecordCandidates(stored, Generated(run), DateTime.UtcNow, Guid.NewGuid(), maxPromptChars: 10_000).Changed);
        }

        Assert.True(RunLifecycle.ChargeGeneration(stored, Generated(run), generation));
        Assert.True(await harness.Store.TryUpdateRunAsync(stored));

        await driver.RecordCandidatesAsync(Generated(run), generation, harness.Harness.Bus, repeat: true, CancellationToken.None); // the redelivery
        await driver.RecordCandidatesAsync(Generated(run), generation, harness.Harness.Bus, repeat: true, CancellationToken.None); // and another

        var usage = await harness.Store.GetUsageAsync(run.Id);
        Assert.Equal((4L, 400L), (usage.Where(u => u.Role == "optimizer").Sum(u => u.Calls), usage.Where(u => u.Role == "optimizer").Sum(u => u.InputTokens)));
        Assert.Equal(1, usage.Where(u => u.Role == "embedding").Sum(u => u.Calls));
        Assert.Equal(generation, Assert.Single((await harness.Store.GetRunAsync(run.Id))!.Steps[^1].ChargedGenerations));
    }

    [Fact]
    public async Task When_the_bus_delivers_one_generation_twice_and_another_once_Should_charge_by_message_id()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CandidatesGeneratedConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        await harness.Services.GetRequiredService<RunDriver>().CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);
        var redelivered = NewId.NextGuid();

        await harness.Harness.Bus.Publish(Generated(run), context => context.MessageId = redelivered);
        await harness.Harness.Bus.Publish(Generated(run), context => context.MessageId = redelivered);
        await harness.Harness.Bus.Publish(Generated(run)); // another worker's generation: a message of its own
        await harness.Harness.InactivityTask; // the harness lists consumed messages by id, so it cannot count the copy
        Assert.True(await harness.Harness.Consumed.Any<CandidatesGenerated>(m => m.Context.MessageId == redelivered));

        Assert.Equal(8, (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "optimizer").Sum(u => u.Calls));
        Assert.Equal(2, (await harness.Store.GetRunAsync(run.Id))!.Steps[^1].ChargedGenerations.Count);
    }

    [Fact]
    public async Task When_a_step_is_sent_more_generations_than_any_step_asks_for_Should_stop_charging_them()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        await driver.CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);

        for (var i = 0; i < RunLifecycle.MaxChargedGenerations + 5; i++)
        {
            await driver.RecordCandidatesAsync(Generated(run), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        }

        Assert.Equal(RunLifecycle.MaxChargedGenerations * 4, (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "optimizer").Sum(u => u.Calls));
        Assert.Equal(RunLifecycle.MaxChargedGenerations, (await harness.Store.GetRunAsync(run.Id))!.Steps[^1].ChargedGenerations.Count);
    }

    /// <summary>Step 1's generation, as the worker answers the request the scheduler sent (with its work token).</summary>
    private static CandidatesGenerated Generated(RunRecord run) => new()
    {
        RunId = run.Id, Step = 1, WorkToken = run.Steps[1].WorkToken,
        Candidates = [new CandidatePrompt { CandidateIndex = 0, Prompt = "Count each step, then answer.", EditDistance = 3, WithinBudget = true }],
        OptimizerUsage = new ModelUsage { Calls = 4, Attempts = 4, InputTokens = 400, OutputTokens = 40 },
        EmbeddingUsage = new ModelUsage { Calls = 1, Attempts = 1, InputTokens = 20 },
    };

    private static BatchScored Reply(Guid runId, Guid workToken) => new()
    {
        RunId = runId, Step = 0, CandidateIndex = 0, BatchIndex = 0, Split = "dev", Score = 3, Total = 4, WorkToken = workToken,
        Results = [.. Enumerable.Range(0, 4).Select(i => new ExampleResult
        {
            Index = i, Answer = $"answer {i}", Score = i == 0 ? 0 : 1,
            Usage = new ModelUsage { Calls = 1, Attempts = 1, InputTokens = 10, OutputTokens = 2 },
        })],
    };
}
