using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DirectionRetrieval.Consumers;
using GpoPipeline.PromptGeneration.Consumers;
using GpoPipeline.Scoring.Consumers;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class WorkQueues_Specs
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t1a2b3c4d")]
    [InlineData("Prod")]
    [InlineData("eu_west")]
    [InlineData("QA")]
    [InlineData("PROD")]
    [InlineData("x-")]
    [InlineData("gpo-prod-")]
    [InlineData("prod_")]
    [InlineData("gpo.prod")]
    public void When_a_publisher_names_a_work_queue_Should_name_it_as_the_consumers_host_does(string? prefix)
    {
        var formatter = new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false);

        Assert.Equal(formatter.Consumer<StartRunConsumer>(), WorkQueues.QueueName(prefix, WorkQueues.StartRun));
        Assert.Equal(formatter.Consumer<CancelRunConsumer>(), WorkQueues.QueueName(prefix, WorkQueues.CancelRun));
        Assert.Equal(formatter.Consumer<ResumeRunConsumer>(), WorkQueues.QueueName(prefix, WorkQueues.ResumeRun));
        Assert.Equal(formatter.Consumer<StepStartedConsumer>(), WorkQueues.QueueName(prefix, WorkQueues.StepStarted));
        Assert.Equal(formatter.Consumer<DirectionRetrievedConsumer>(), WorkQueues.QueueName(prefix, WorkQueues.DirectionRetrieved));
        Assert.Equal(formatter.Consumer<CandidatesGeneratedConsumer>(), WorkQueues.QueueName(prefix, WorkQueues.CandidatesGenerated));
        Assert.Equal(formatter.Consumer<ScoreBatchConsumer>(), WorkQueues.QueueName(prefix, WorkQueues.ScoreBatch));
        Assert.Equal(formatter.Consumer<BatchScoredConsumer>(), WorkQueues.QueueName(prefix, WorkQueues.BatchScored));
        // MassTransit's error queue is the endpoint's queue and "_error" (its dead letters: what an operator inspects).
        Assert.Equal(formatter.Consumer<ScoreBatchConsumer>() + "_error", WorkQueues.QueueName(prefix, WorkQueues.ScoreBatch + "_error"));
    }

    [Fact]
    public async Task When_work_is_published_before_its_worker_ever_started_Should_wait_in_its_queue_and_the_run_completes()
    {
        // A fresh prefix is a fresh deployment: no queue of it exists on the broker yet.
        await using var cluster = await PipelineCluster.CreateAsync();
        var submitter = await cluster.StartSubmitterAsync();
        var start = RunSubmission.Create(PipelineCluster.SmallRun());

        // The run is submitted before any scheduler has run: the StartRun waits in the scheduler's queue.
        await submitter.Services.GetRequiredService<IPublishEndpoint>().Publish(start);
        Assert.Equal(1u, await BrokerQueues.EventuallyCountAsync(cluster.QueueName(WorkQueues.StartRun), 1));

        // The scheduler starts, takes it and sends the baseline's batches before any scorer has run: they wait too.
        await cluster.StartSchedulerAsync();
        Assert.InRange(await BrokerQueues.EventuallyCountAsync(cluster.QueueName(WorkQueues.ScoreBatch), 1), 1u, 100u);

        // The workers start late and the run completes without the stalled-run watchdog (15 min) re-sending anything.
        await cluster.StartWorkersAsync(scorers: 1);
        var run = await cluster.WaitAsync(start.RunId, seconds: 120);
        Assert.True(run.Status == RunStatus.Completed, $"run ended {run.Status}: {run.FailureReason}");
        Assert.Equal(0u, await BrokerQueues.CountAsync(cluster.QueueName(WorkQueues.ScoreBatch)));

        // The queue is now bound twice to the ScoreBatch exchange (straight, as declared, and through the scorer's endpoint
        // exchange): a message still lands in it once.
        foreach (var scorer in cluster.Scorers)
        {
            await cluster.StopAsync(scorer);
        }

        await using var broker = await RawBroker.ConnectAsync();
        await broker.PublishAsync($"{cluster.EndpointPrefix}.GpoPipeline.Contracts:ScoreBatch", "{}"u8.ToArray());
        Assert.Equal(1u, await BrokerQueues.EventuallyCountAsync(cluster.QueueName(WorkQueues.ScoreBatch), 1)); // a second copy is routed before the confirm
    }
}
