using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DirectionRetrieval.Consumers;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using MassTransit;
using MassTransit.Events;
using MassTransit.Metadata;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A message that kept failing fails the run only when it is the run's open work (its step and work token): the fault
/// of a forged or stale message — anyone can publish a StepStarted naming someone else's run — changes nothing.
/// </summary>
public sealed class RunFaultConsumer_Specs
{
    [Theory]
    [InlineData("StepStarted with another token")]
    [InlineData("StepStarted without a token")]
    [InlineData("StepStarted of another step")]
    [InlineData("DirectionRetrieved with another token")]
    [InlineData("ScoreBatch with another token")]
    [InlineData("BatchScored with another token")]
    [InlineData("CandidatesGenerated of a closed step")]
    [InlineData("CandidatesGenerated with another token")]
    [InlineData("CandidatesGenerated without a token")]
    public async Task When_a_forged_or_stale_message_faults_Should_leave_the_run_it_names_running(string faulted)
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<RunFaultConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var other = Guid.NewGuid();

        await (faulted switch
        {
            "StepStarted with another token" => PublishFaultAsync(harness, Started(run, 1, other)),
            "StepStarted without a token" => PublishFaultAsync(harness, Started(run, 1, Guid.Empty)),
            "StepStarted of another step" => PublishFaultAsync(harness, Started(run, 2, run.Steps[^1].WorkToken)),
            "DirectionRetrieved with another token" => PublishFaultAsync(harness, new DirectionRetrieved { RunId = run.Id, Step = 1, Direction = [], WorkToken = other }),
            "ScoreBatch with another token" => PublishFaultAsync(harness, await WorkMessages.ScoreBatchAsync(harness.Store, run, 0, 0, 0) with { Step = 1, WorkToken = other }),
            "BatchScored with another token" => PublishFaultAsync(harness, new BatchScored
            {
                RunId = run.Id, Step = 1, CandidateIndex = 0, BatchIndex = 0, Split = "dev", Score = 0, Total = 0, WorkToken = other,
            }),
            "CandidatesGenerated with another token" => PublishFaultAsync(harness, new CandidatesGenerated { RunId = run.Id, Step = 1, Candidates = [], WorkToken = other }),
            "CandidatesGenerated without a token" => PublishFaultAsync(harness, new CandidatesGenerated { RunId = run.Id, Step = 1, Candidates = [] }),
            _ => PublishFaultAsync(harness, new CandidatesGenerated { RunId = run.Id, Step = 0, Candidates = [], WorkToken = run.Steps[0].WorkToken }),
        });

        var stored = await harness.Store.GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Running, stored!.Status);
        Assert.Null(stored.FailureReason);
        Assert.False(await harness.Harness.Published.Any<RunFailed>());
    }

    [Theory]
    [InlineData("StepStarted")]
    [InlineData("CandidatesGenerated")]
    public async Task When_the_runs_own_open_work_faults_Should_fail_the_run_with_the_reason(string faulted)
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<RunFaultConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());

        await (faulted == "StepStarted"
            ? PublishFaultAsync(harness, Started(run, 1, run.Steps[^1].WorkToken))
            : PublishFaultAsync(harness, new CandidatesGenerated { RunId = run.Id, Step = 1, Candidates = [], WorkToken = run.Steps[^1].WorkToken }));

        Assert.True(await harness.Harness.Published.Any<RunFailed>());
        var stored = await harness.Store.GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Failed, stored!.Status);
        Assert.Contains($"{faulted} of step 1 failed after retries: the endpoint kept failing", stored.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_StartRun_fault_names_a_run_past_its_baseline_Should_leave_the_run_running()
    {
        // A StartRun carries no work token: anyone may publish its Fault naming a run several steps in.
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<RunFaultConsumer>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());

        await PublishFaultAsync(harness, new StartRun { RunId = run.Id, Settings = run.Settings });

        var stored = await harness.Store.GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Running, stored!.Status);
        Assert.Null(stored.FailureReason);
        Assert.False(await harness.Harness.Published.Any<RunFailed>());
    }

    [Fact]
    public async Task When_a_StartRun_fault_names_a_run_still_at_its_baseline_Should_fail_the_run_with_the_reason()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<RunFaultConsumer>());
        var run = await harness.CreateRunAtBaselineAsync(PipelineCluster.SmallRun()); // where its StartRun's failure leaves it

        await PublishFaultAsync(harness, new StartRun { RunId = run.Id, Settings = run.Settings });

        Assert.True(await harness.Harness.Published.Any<RunFailed>(m => m.Context.Message.RunId == run.Id));
        var stored = await harness.Store.GetRunAsync(run.Id);
        Assert.Equal(RunStatus.Failed, stored!.Status);
        Assert.Contains("StartRun failed after retries: the endpoint kept failing", stored.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_forged_StepStarted_with_k_0_names_a_running_run_Should_be_refused_before_any_model_call_and_leave_the_run_running()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus =>
        {
            bus.AddConsumer<StepStartedConsumer>();
            bus.AddConsumer<RunFaultConsumer>();
        });
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var forged = Started(run, 1, Guid.NewGuid()) with
        {
            Trajectory = [new TrajectoryPoint { Prompt = run.Settings.InitialPrompt, DevScore = 0.5, Step = 0 }],
            Retrieval = new RetrievalSettings { Strategy = Optimization.Direction.RetrievalStrategy.Relevance, K = 0, Order = Optimization.Direction.DirectionOrder.Code },
            Generation = GenerationRequests.For(run.Configuration!, [], [.. run.Trajectory.Select(t => new TrajectoryPoint { Prompt = t.Prompt, DevScore = t.DevScore, Step = t.Step })], 3),
        };

        await harness.Harness.Bus.Publish(forged);

        Assert.True(await harness.Harness.Consumed.Any<StepStarted>(m => m.Exception is ServiceDefaults.RejectedMessageException));
        Assert.True(await harness.Harness.Consumed.Any<Fault<StepStarted>>());
        Assert.Empty(harness.Simulator.Requests.Snapshot());
        Assert.Equal(RunStatus.Running, (await harness.Store.GetRunAsync(run.Id))!.Status);
    }

    private static StepStarted Started(RunRecord run, int step, Guid workToken) =>
        new() { RunId = run.Id, Step = step, TotalSteps = run.TotalSteps, WorkToken = workToken };

    /// <summary>Publishes the Fault MassTransit publishes when <paramref name="message"/>'s retries ran out, and waits until it is consumed.</summary>
    private static async Task PublishFaultAsync<T>(ConsumerHarness harness, T message)
        where T : class
    {
        var fault = new FaultEvent<T>(message, NewId.NextGuid(), HostMetadataCache.Host, new InvalidOperationException("the endpoint kept failing"), MessageTypeCache<T>.MessageTypeNames);
        await harness.Harness.Bus.Publish<Fault<T>>(fault);
        Assert.True(await harness.Harness.Consumed.Any<Fault<T>>());
    }
}
