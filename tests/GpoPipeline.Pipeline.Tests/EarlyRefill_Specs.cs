using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A batch whose reply arrived has left the scorers: the scheduler sends the next batch of the run's window while the
/// reply's answers are still being written, so the scorers do not wait for the store's commit (P3, issue 11). The
/// batch still counts as unrecorded until the write lands: it is neither sent again nor missing from the step.
/// </summary>
public sealed class EarlyRefill_Specs
{
    [Fact]
    public async Task When_a_reply_arrives_Should_send_the_next_batch_before_its_answers_are_written()
    {
        GatedScoreWrites? gate = null;
        await using var harness = await ConsumerHarness.StartAsync(
            bus => bus.AddConsumer<CancelRunConsumer>(),
            new Dictionary<string, string?> { ["Scheduler:MaxBatchesInFlightPerRun"] = "1" },
            store =>
            {
                (var gated, gate) = GatedScoreWrites.Around(store);
                return gated;
            });
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun()); // step 1: 1 candidate × 3 dev batches
        var driver = harness.Services.GetRequiredService<RunDriver>();
        await driver.RecordCandidatesAsync(Generated(run.Id, run.Steps[1].WorkToken), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        var workToken = (await harness.Store.GetRunAsync(run.Id))!.Steps[^1].WorkToken;
        Assert.Equal([0], Sent(harness)); // a window of one

        var recording = driver.RecordScoreAsync(Reply(run.Id, workToken, batchIndex: 0), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        await WaitUntilAsync(() => (Sent(harness).Count == 2 && gate!.Waiting == 1) || recording.IsCompleted);

        Assert.False(recording.IsCompleted, recording.Exception?.ToString() ?? "the reply was handled without waiting for its write");
        Assert.Equal(1, gate!.Waiting); // batch 0's answers are not written yet...
        Assert.Equal([0, 1], Sent(harness)); // ...and batch 1 is already out
        Assert.Empty(await harness.Store.GetBatchScoresAsync(run.Id, 1));

        gate!.Open();
        await recording;
        await driver.RecordScoreAsync(Reply(run.Id, workToken, batchIndex: 1), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);

        Assert.Equal([0, 1], (await harness.Store.GetBatchScoresAsync(run.Id, 1)).Select(b => b.BatchIndex).Order());
        Assert.Equal([0, 1, 2], Sent(harness)); // each batch sent once
    }

    private static List<int> Sent(ConsumerHarness harness) =>
        [.. harness.Harness.Published.Select<ScoreBatch>().Select(m => m.Context.Message).Where(m => m.Step == 1).Select(m => m.BatchIndex).Order()];

    private static async Task WaitUntilAsync(Func<bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!done() && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
    }

    private static CandidatesGenerated Generated(Guid runId, Guid workToken) => new()
    {
        RunId = runId, Step = 1, WorkToken = workToken,
        Candidates = [new CandidatePrompt { CandidateIndex = 0, Prompt = "Count each step, then answer.", EditDistance = 3, WithinBudget = true }],
        OptimizerUsage = new ModelUsage { Calls = 3, Attempts = 3, InputTokens = 300, OutputTokens = 30 },
    };

    private static BatchScored Reply(Guid runId, Guid workToken, int batchIndex) => new()
    {
        RunId = runId, Step = 1, CandidateIndex = 0, BatchIndex = batchIndex, Split = "dev", Score = 2, Total = 4, WorkToken = workToken,
        Results = [.. Enumerable.Range(batchIndex * 4, 4).Select(i => new ExampleResult
        {
            Index = i, Answer = $"answer {i}", Score = i % 2,
            Usage = new ModelUsage { Calls = 1, Attempts = 1, InputTokens = 10, OutputTokens = 2 },
        })],
    };
}
