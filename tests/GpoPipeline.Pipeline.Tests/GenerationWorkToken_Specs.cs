using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.PromptGeneration.Consumers;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// CandidatesGenerated carried no work token, so a generation reply was checked only by step, candidate count and
/// usage: anyone who could publish one could set a step's candidates, or charge a run for generations it never asked
/// for. The generation worker now copies the token of the request (DirectionRetrieved) into its reply, and the
/// scheduler takes and charges only a generation with the token it sent the step's request with; for the open step
/// any other is dead-lettered, for a step that no longer waits for it ignored, and neither changes the run.
/// </summary>
public sealed class GenerationWorkToken_Specs
{
    public static TheoryData<string> Forgeries => ["no token", "a random token", "step 0's token"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task When_a_generation_for_the_open_step_lacks_its_work_token_Should_dead_letter_it_and_change_nothing(string forgery)
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun()); // step 1 asked the optimizer
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var token = forgery switch { "no token" => Guid.Empty, "a random token" => Guid.NewGuid(), _ => run.Steps[0].WorkToken };

        var rejected = await Assert.ThrowsAsync<RejectedMessageException>(() => driver.RecordCandidatesAsync(
            Generated(run.Id, token), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None));

        Assert.Contains("does not carry the work token of step 1's generation request", rejected.Message, StringComparison.Ordinal);
        var stored = (await harness.Store.GetRunAsync(run.Id))!;
        Assert.Equal((RunStatus.Running, StepStatus.Generating), (stored.Status, stored.Steps[^1].Status));
        Assert.Equal(run.Steps[1].WorkToken, stored.Steps[^1].WorkToken);
        Assert.Empty(stored.Steps[^1].Candidates);
        Assert.Empty(stored.Steps[^1].ChargedGenerations);
        Assert.Empty(await harness.Store.GetUsageAsync(run.Id));
    }

    [Fact]
    public async Task When_the_generation_carries_its_steps_work_token_Should_take_its_candidates_and_charge_it()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();

        await driver.RecordCandidatesAsync(Generated(run.Id, run.Steps[1].WorkToken), Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);

        var step = (await harness.Store.GetRunAsync(run.Id))!.Steps[^1];
        Assert.Equal(StepStatus.Scoring, step.Status);
        Assert.Equal("Count each step, then answer.", Assert.Single(step.Candidates).Prompt);
        Assert.Equal(4, (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "optimizer").Sum(u => u.Calls));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_a_generation_without_the_token_comes_after_the_step_took_its_candidates_or_the_run_stopped_Should_not_charge_it(bool cancelled)
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var genuine = Generated(run.Id, run.Steps[1].WorkToken);
        await driver.RecordCandidatesAsync(genuine, Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        if (cancelled)
        {
            await driver.CancelAsync(new CancelRun { RunId = run.Id }, harness.Harness.Bus, CancellationToken.None);
        }

        await driver.RecordCandidatesAsync(genuine with { WorkToken = Guid.NewGuid() }, Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        await driver.RecordCandidatesAsync(genuine with { WorkToken = Guid.Empty }, Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        Assert.Equal(4, (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "optimizer").Sum(u => u.Calls)); // the genuine one only

        // A second worker's genuine generation of the step, from a redelivered request, was paid: charged, not taken.
        await driver.RecordCandidatesAsync(genuine, Guid.NewGuid(), harness.Harness.Bus, repeat: false, CancellationToken.None);
        var stored = (await harness.Store.GetRunAsync(run.Id))!;
        Assert.Equal(8, (await harness.Store.GetUsageAsync(run.Id)).Where(u => u.Role == "optimizer").Sum(u => u.Calls));
        Assert.Equal(2, stored.Steps[^1].ChargedGenerations.Count);
        Assert.Equal(StepStatus.Scoring, stored.Steps[^1].Status);
    }

    [Fact]
    public async Task When_the_generation_worker_answers_a_request_Should_copy_its_work_token_into_the_reply()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<DirectionRetrievedConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var token = run.Steps[1].WorkToken;

        await harness.Harness.Bus.Publish(new DirectionRetrieved
        {
            RunId = run.Id, Step = 1, EditBudget = 20, WorkToken = token,
            Direction = [new DirectionEntry { Prompt = run.Settings.InitialPrompt, DevScore = 0.5, Step = 0 }],
            Generation = Consumer_Specs.GenerationRequest(run, maxCalls: 18),
        });

        Assert.True(await harness.Harness.Published.Any<CandidatesGenerated>());
        Assert.Equal(token, harness.Harness.Published.Select<CandidatesGenerated>().Single().Context.Message.WorkToken);
    }

    private static CandidatesGenerated Generated(Guid runId, Guid workToken) => new()
    {
        RunId = runId, Step = 1, WorkToken = workToken,
        Candidates = [new CandidatePrompt { CandidateIndex = 0, Prompt = "Count each step, then answer.", EditDistance = 3, WithinBudget = true }],
        OptimizerUsage = new ModelUsage { Calls = 4, Attempts = 4, InputTokens = 400, OutputTokens = 40 },
    };
}
