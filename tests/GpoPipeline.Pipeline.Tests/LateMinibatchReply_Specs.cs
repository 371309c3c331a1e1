using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A step of a method that reads errors (ProTeGi) scores its training minibatch, then its candidates; recording the
/// candidates gives their scoring a work token of its own. A minibatch reply arriving after that (a second scorer's
/// copy, a redriven batch's original) was refused as stale: paid work the run's usage did not count and the memo did
/// not keep. It carries the token the step was opened with, so it is the run's work: memoized and charged once, and the
/// step goes on as it was. A minibatch reply with any other token still changes nothing.
/// </summary>
public sealed class LateMinibatchReply_Specs
{
    [Fact]
    public async Task When_a_minibatch_reply_arrives_after_the_candidates_Should_memoize_and_charge_it_once_and_leave_the_step_as_it_was()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var (run, minibatchToken) = await AtCandidatesScoringAsync(harness);
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var late = MinibatchReply(run.Id, minibatchToken);
        var replyId = Guid.NewGuid();

        await driver.RecordScoreAsync(late, replyId, harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordScoreAsync(late, replyId, harness.Harness.Bus, repeat: false, CancellationToken.None); // its duplicate

        var usage = (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "task").ToList();
        Assert.Equal((4L, 40L, 8L), (usage.Sum(u => u.Calls), usage.Sum(u => u.InputTokens), usage.Sum(u => u.OutputTokens)));
        var memo = await MemoOfBatchZeroAsync(harness, run.Id);
        Assert.Equal(["answer 0", "answer 1", "answer 2", "answer 3"], memo.Select(r => r?.Answer));
        Assert.Single(await harness.Store.GetBatchScoresAsync(run.Id, 1), b => b.Split == StepSplits.Minibatch && b.CandidateIndex == 0 && b.BatchIndex == 0);

        var after = (await harness.Store.GetRunAsync(run.Id))!;
        Assert.Equal((RunStatus.Running, 1, StepStatus.Scoring), (after.Status, after.CurrentStep, after.Steps[^1].Status));
        Assert.Equal(run.Steps[^1].WorkToken, after.Steps[^1].WorkToken); // the candidates' scoring goes on with its token
        Assert.Equal(["Count each step, then answer."], after.Steps[^1].Candidates.Select(c => c.Prompt));
    }

    [Fact]
    public async Task When_a_minibatch_reply_after_the_candidates_carries_another_token_Should_record_nothing()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var (run, _) = await AtCandidatesScoringAsync(harness);
        var driver = harness.Services.GetRequiredService<RunDriver>();

        await driver.RecordScoreAsync(MinibatchReply(run.Id, Guid.NewGuid()), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordScoreAsync(MinibatchReply(run.Id, Guid.Empty), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordScoreAsync(MinibatchReply(run.Id, run.Steps[^1].WorkToken), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);

        Assert.DoesNotContain(await harness.Store.GetUsageAsync(run.Id), u => u.Role == "task");
        Assert.All(await MemoOfBatchZeroAsync(harness, run.Id), result => Assert.Null(result));
        Assert.Empty(await harness.Store.GetBatchScoresAsync(run.Id, 1));
    }

    /// <summary>
    /// A ProTeGi run whose step 1 closed its minibatch phase (its batch scores and answers assumed recorded, as for a
    /// reply of a second scorer; none stored here) and took its candidates, now being scored.
    /// </summary>
    /// <returns>The run as stored, and the token step 1's minibatch was sent with.</returns>
    private static async Task<(RunRecord Run, Guid MinibatchToken)> AtCandidatesScoringAsync(ConsumerHarness harness)
    {
        var created = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun() with { Method = "protegi" });
        var run = (await harness.Store.GetRunAsync(created.Id))!;
        var step = run.Steps[^1];
        Assert.Equal(StepStatus.ScoringMinibatch, step.Status);
        var minibatchToken = step.WorkToken;
        var scores = StepSplits.MinibatchBatches(run, step).Select(b => new BatchScoreRecord
        {
            RunId = run.Id, Step = 1, CandidateIndex = b.CandidateIndex, BatchIndex = b.BatchIndex, Split = b.Split, Score = b.Size / 2.0, Total = b.Size,
        }).ToList();
        Assert.True(RunLifecycle.Advance(run, scores, DateTime.UtcNow, Guid.NewGuid()).Changed);
        Assert.True(await harness.Store.TryUpdateRunAsync(run));

        await harness.Services.GetRequiredService<RunDriver>().RecordCandidatesAsync(
            Generated(run.Id, minibatchToken), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);

        run = (await harness.Store.GetRunAsync(run.Id))!;
        Assert.Equal(StepStatus.Scoring, run.Steps[^1].Status);
        Assert.NotEqual(minibatchToken, run.Steps[^1].WorkToken);
        return (run, minibatchToken);
    }

    /// <summary>The memo's answers (null where none) of probe 0 on batch 0 of step 1's training minibatch.</summary>
    private static async Task<IReadOnlyList<ExampleResultRecord?>> MemoOfBatchZeroAsync(ConsumerHarness harness, Guid runId)
    {
        var run = (await harness.Store.GetRunAsync(runId))!;
        var step = run.Steps.Single(s => s.Step == 1);
        var examples = await harness.Services.GetRequiredService<RunDatasets>().BatchExamplesAsync(run, step, StepSplits.Minibatch, CancellationToken.None);
        var keys = examples.Take(4).Select(e => ExampleMemoKey.For(run.Id, run.Configuration!, step.Probes[0].Prompt, e)).ToList();
        var memo = await harness.Store.GetExampleResultsAsync(keys);
        return [.. keys.Select(memo.GetValueOrDefault)];
    }

    /// <summary>Step 1's generation, carrying the token its request went out with (the minibatch's).</summary>
    private static CandidatesGenerated Generated(Guid runId, Guid workToken) => new()
    {
        RunId = runId, Step = 1, WorkToken = workToken,
        Candidates = [new CandidatePrompt { CandidateIndex = 0, Prompt = "Count each step, then answer.", EditDistance = 3, WithinBudget = true }],
        OptimizerUsage = new ModelUsage { Calls = 4, Attempts = 4, InputTokens = 400, OutputTokens = 40 },
    };

    /// <summary>Probe 0's answers on batch 0 of step 1's training minibatch, as a scorer sends them.</summary>
    private static BatchScored MinibatchReply(Guid runId, Guid workToken) => new()
    {
        RunId = runId, Step = 1, CandidateIndex = 0, BatchIndex = 0, Split = StepSplits.Minibatch, Score = 3, Total = 4, WorkToken = workToken,
        Results = [.. Enumerable.Range(0, 4).Select(i => new ExampleResult
        {
            Index = i, Answer = $"answer {i}", Score = i == 0 ? 0 : 1,
            Usage = new ModelUsage { Calls = 1, Attempts = 1, InputTokens = 10, OutputTokens = 2 },
        })],
    };
}
