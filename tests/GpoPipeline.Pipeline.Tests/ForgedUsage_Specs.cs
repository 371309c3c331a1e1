using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A reply with the right work token and usage no worker can pay for (<see cref="UsageBounds"/>) wrapped the run's
/// spend negative (MaxCalls never enforced again) or threw an OverflowException after its answers were memoized (the
/// run failed, and every later run reading those memo entries too). It is dead-lettered with the reason before any
/// write: the run, its budget and the shared memo are as before.
/// </summary>
public sealed class ForgedUsage_Specs
{
    [Fact]
    public async Task When_BatchScored_with_the_work_token_reports_huge_usage_Should_dead_letter_it_and_change_nothing()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<BatchScoredConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun() with { MaxCalls = 1_000 });
        var driver = harness.Services.GetRequiredService<RunDriver>();
        await driver.RecordCandidatesAsync(Generated(run, new ModelUsage { Calls = 3 }), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        var workToken = (await harness.Store.GetRunAsync(run.Id))!.Steps[^1].WorkToken;

        // Trigger A: one count that wraps the budget's sum; trigger B: two counts whose sum overflows.
        var forged = new[] { NewId.NextGuid(), NewId.NextGuid() };
        await harness.Harness.Bus.Publish(Forged(run.Id, workToken, [9223372036854775800, 0, 0, 0]), context => context.MessageId = forged[0]);
        await harness.Harness.Bus.Publish(Forged(run.Id, workToken, [long.MaxValue, 1, 0, 0]), context => context.MessageId = forged[1]);
        foreach (var id in forged)
        {
            var rejected = Assert.IsType<RejectedMessageException>((await ConsumedAsync(harness, id)).Exception);
            Assert.Contains("is above the bound 8", rejected.Message, StringComparison.Ordinal);
        }

        var stored = (await harness.Store.GetRunAsync(run.Id))!;
        Assert.Equal((RunStatus.Running, StepStatus.Scoring), (stored.Status, stored.Steps[^1].Status));
        Assert.Empty(await harness.Store.GetBatchScoresAsync(run.Id, 1));
        Assert.Equal(3, (await harness.Store.GetUsageAsync(run.Id)).Sum(u => u.Calls)); // the generation's, nothing more

        // The forged answers were not memoized: the genuine reply's answers score the batch.
        var genuine = NewId.NextGuid();
        await harness.Harness.Bus.Publish(Genuine(run.Id, workToken), context => context.MessageId = genuine);
        Assert.Null((await ConsumedAsync(harness, genuine)).Exception);
        Assert.Equal(2, Assert.Single(await harness.Store.GetBatchScoresAsync(run.Id, 1)).Score);
        Assert.Equal(3 + 4, (await harness.Store.GetUsageAsync(run.Id)).Sum(u => u.Calls));
    }

    [Fact]
    public async Task When_CandidatesGenerated_reports_huge_usage_Should_reject_it_and_charge_nothing()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun() with { MaxCalls = 1_000 });
        var driver = harness.Services.GetRequiredService<RunDriver>();

        var rejected = await Assert.ThrowsAsync<RejectedMessageException>(() => driver.RecordCandidatesAsync(
            Generated(run, new ModelUsage { Calls = 9223372036854775800 }), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None));

        Assert.Contains("OptimizerUsage: usage Calls 9223372036854775800 is above the bound", rejected.Message, StringComparison.Ordinal);
        Assert.Empty(await harness.Store.GetUsageAsync(run.Id));
        Assert.Equal(StepStatus.Generating, (await harness.Store.GetRunAsync(run.Id))!.Steps[^1].Status);
    }

    [Fact]
    public void When_a_batch_is_answered_by_memo_entries_with_huge_calls_Should_count_the_largest_long_and_not_throw()
    {
        var memo = new Dictionary<string, ExampleResultRecord>(StringComparer.Ordinal)
        {
            ["a"] = new() { Key = "a", Calls = long.MaxValue }, ["b"] = new() { Key = "b", Calls = 1 },
        };

        var batch = BatchRecords.FromMemo(Guid.NewGuid(), 1, new BatchPlan(0, 0, "p", "dev", 0, 2), ["a", "b"], memo, TimeProvider.System);

        Assert.Equal(long.MaxValue, batch.MemoHits);
    }

    /// <summary>The message once consumed: polled, as the harness's own waits end after 5 s without bus activity,
    /// which the run's setup (reading its dataset) may take before the first publish.</summary>
    private static async Task<IReceivedMessage<BatchScored>> ConsumedAsync(ConsumerHarness harness, Guid messageId)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        IReceivedMessage<BatchScored>? consumed;
        while ((consumed = harness.Harness.Consumed.Select<BatchScored>(m => m.Context.MessageId == messageId).FirstOrDefault()) is null && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        return consumed ?? throw new Xunit.Sdk.XunitException($"BatchScored {messageId} was not consumed within a minute.");
    }

    private static CandidatesGenerated Generated(RunRecord run, ModelUsage usage) => new()
    {
        RunId = run.Id, Step = 1, WorkToken = run.Steps[1].WorkToken,
        Candidates = [new CandidatePrompt { CandidateIndex = 0, Prompt = "Count each step, then answer.", EditDistance = 3, WithinBudget = true }],
        OptimizerUsage = usage,
    };

    /// <summary>Batch 0 of step 1, every answer scored 1, example i reporting <paramref name="calls"/>[i] calls.</summary>
    private static BatchScored Forged(Guid runId, Guid workToken, long[] calls) => new()
    {
        RunId = runId, Step = 1, CandidateIndex = 0, BatchIndex = 0, Split = "dev", Score = 4, Total = 4, WorkToken = workToken,
        Results = [.. Enumerable.Range(0, 4).Select(i => new ExampleResult { Index = i, Answer = "forged", Score = 1, Usage = new ModelUsage { Calls = calls[i] } })],
    };

    private static BatchScored Genuine(Guid runId, Guid workToken) => new()
    {
        RunId = runId, Step = 1, CandidateIndex = 0, BatchIndex = 0, Split = "dev", Score = 2, Total = 4, WorkToken = workToken,
        Results = [.. Enumerable.Range(0, 4).Select(i => new ExampleResult
        {
            Index = i, Answer = $"answer {i}", Score = i % 2, Usage = new ModelUsage { Calls = 1, Attempts = 1, InputTokens = 10, OutputTokens = 2 },
        })],
    };
}
