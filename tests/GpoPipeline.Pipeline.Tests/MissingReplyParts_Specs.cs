using System.Text.Json;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using MassTransit;
using MassTransit.Serialization;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A reply with an explicit JSON null where its contract has a list, a text or an object is malformed: the bus's
/// deserializer writes the null over <c>required</c> and over an initializer's <c>[]</c> alike. A CandidatesGenerated with
/// "rejections", "candidates" or "embeddings" null passed ReplyChecks (null taken for empty), then RecordCandidates
/// threw, the retries ran out and RunFaultConsumer failed the run. Now it is rejected, named, and the run goes on.
/// </summary>
public sealed class MissingReplyParts_Specs
{
    [Theory]
    [InlineData("candidates", "Candidates is null")]
    [InlineData("rejections", "Rejections is null")]
    [InlineData("embeddings", "Embeddings is null")]
    [InlineData("candidates.0", "an entry of Candidates is null")]
    [InlineData("candidates.0.prompt", "the Prompt of candidate 0 is null")]
    [InlineData("rejections.0", "an entry of Rejections is null")]
    [InlineData("embeddings.0.vector", "an entry of Embeddings, or its Prompt or Vector is null")]
    public void When_a_generation_has_a_null_where_its_contract_has_a_value_Should_reject_it_and_leave_the_step_generating(string path, string reason)
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 1 is generating
        var valid = LifecycleRuns.Candidates(run, "Be careful.", "Check each step.") with
        {
            Rejections = ["missing tags"], Embeddings = [new PromptEmbedding { Prompt = run.Trajectory[0].Prompt, Vector = [0.6f, 0.8f] }],
        };
        Assert.Equal(ReplyFit.Accept, ReplyChecks.Judge(run, valid).Fit);
        var reply = WithNull(valid, path);

        var verdict = ReplyChecks.Judge(run, reply);
        var transition = RunLifecycle.RecordCandidates(run, reply, LifecycleRuns.Now, Guid.NewGuid(), 20_000);

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
        Assert.False(transition.Changed);
        Assert.Equal(StepStatus.Generating, run.Steps[^1].Status);
    }

    [Theory]
    [InlineData("split", "Split is null")]
    [InlineData("results", "Results is null")]
    [InlineData("results.0", "an entry of Results is null")]
    [InlineData("results.0.answer", "the Answer of result 0 is null")]
    public void When_a_score_has_a_null_where_its_contract_has_a_value_Should_reject_it_naming_the_part_even_for_a_closed_step(string path, string reason)
    {
        var (run, _) = LifecycleRuns.Create();
        var reply = WithNull(LifecycleRuns.Reply(run, 0, 0), path);
        var open = ReplyChecks.Judge(run, reply);
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid()); // step 0 closed

        var closed = ReplyChecks.Judge(run, reply);

        Assert.Equal((ReplyFit.Reject, ReplyFit.Reject), (open.Fit, closed.Fit));
        Assert.Contains(reason, open.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, closed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_candidate_claims_a_negative_edit_distance_Should_reject_the_generation()
    {
        var (run, _) = LifecycleRuns.Create();
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());
        var valid = LifecycleRuns.Candidates(run, "Be careful.");

        var verdict = ReplyChecks.Judge(run, valid with { Candidates = [valid.Candidates[0] with { EditDistance = -3 }] });

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains("a non-negative edit distance", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_generation_with_null_rejections_comes_over_the_bus_Should_dead_letter_it_and_keep_the_run_running()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus =>
        {
            bus.AddConsumer<CandidatesGeneratedConsumer, SchedulerConsumerDefinition<CandidatesGeneratedConsumer>>();
            bus.AddConsumer<RunFaultConsumer>(); // fails the run when a message's retries run out
        });
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var reply = new CandidatesGenerated
        {
            RunId = run.Id, Step = 1, Rejections = null!, WorkToken = run.Steps[1].WorkToken,
            Candidates = [new CandidatePrompt { CandidateIndex = 0, Prompt = "Think it through.", EditDistance = 2, WithinBudget = true }],
        };

        await harness.Harness.Bus.Publish(reply);

        // The fault of the rejected reply is what RunFaultConsumer acts on: once it consumed it, the run is as it stays.
        Assert.True(await harness.Harness.Consumed.Any<Fault<CandidatesGenerated>>());
        var consumed = harness.Harness.Consumed.Select<CandidatesGenerated>().Single();
        var stored = (await harness.Store.GetRunAsync(run.Id))!;
        Assert.True(stored.Status == RunStatus.Running, $"{stored.Status}: {stored.FailureReason}");
        Assert.Equal(StepStatus.Generating, stored.Steps[^1].Status);
        Assert.IsType<RejectedMessageException>(consumed.Exception);
        Assert.Contains("Rejections is null", consumed.Exception.Message, StringComparison.Ordinal);
    }

    /// <summary>What the bus's deserializer makes of <paramref name="reply"/> with the JSON at <paramref name="path"/> set to null.</summary>
    private static TReply WithNull<TReply>(TReply reply, string path)
    {
        var json = JsonSerializer.SerializeToNode(reply, SystemTextJsonMessageSerializer.Options)!;
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(json, (node, part) => int.TryParse(part, out var index) ? node[index]! : node[part]!);
        if (int.TryParse(parts[^1], out var last))
        {
            parent.AsArray()[last] = null;
        }
        else
        {
            parent.AsObject()[parts[^1]] = null;
        }

        return json.Deserialize<TReply>(SystemTextJsonMessageSerializer.Options)!;
    }
}
