using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// gpo.runs.finished counted only the runs that ended by closing a step (completed, and stopped at the test step), under
/// `gpo.status`=`StoppedBudget`, while gpo.run.duration was recorded for every ending under `gpo.run.status`=`stopped_budget`.
/// Both are now recorded where every ending passes, with the same attribute and value.
/// </summary>
public sealed class RunTelemetryEndings_Specs
{
    [Fact]
    public async Task When_runs_are_cancelled_failed_stopped_by_budget_or_rejected_Should_count_each_ending_once_with_the_status_its_duration_has()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        using var measured = new SchedulerMeasurements(harness.Services);
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var bus = harness.Harness.Bus;
        var cancelled = RunSubmission.Create(PipelineCluster.SmallRun());
        var failed = RunSubmission.Create(PipelineCluster.SmallRun());
        var starved = RunSubmission.Create(PipelineCluster.SmallRun() with { MaxCalls = 1 });
        var rejected = new StartRun { RunId = Guid.NewGuid(), Settings = PipelineCluster.SmallRun() with { DataPath = "/nowhere/task" } };

        await driver.StartAsync(cancelled, bus, CancellationToken.None);
        await driver.CancelAsync(new CancelRun { RunId = cancelled.RunId }, bus, CancellationToken.None);
        await driver.CancelAsync(new CancelRun { RunId = cancelled.RunId }, bus, CancellationToken.None); // a duplicate ends nothing
        await driver.StartAsync(failed, bus, CancellationToken.None);
        var open = (await harness.Store.GetRunAsync(failed.RunId))!.Steps[^1]; // its baseline's work kept failing
        await driver.FailFaultedWorkAsync(failed.RunId, open.Step, open.WorkToken, "the scorers kept failing", bus, CancellationToken.None);
        await driver.StartAsync(starved, bus, CancellationToken.None);
        await driver.StartAsync(rejected, bus, CancellationToken.None);

        Assert.Equal(RunStatus.StoppedBudget, (await harness.Store.GetRunAsync(starved.RunId))!.Status);
        Assert.Equal(RunStatus.Failed, (await harness.Store.GetRunAsync(rejected.RunId))!.Status);
        var finished = measured.Of("gpo.runs.finished");
        Assert.All(finished, m => Assert.Equal([GpoAttributes.RunStatus], m.Tags.Keys));
        Assert.All(finished, m => Assert.Equal(1, m.Value));
        Assert.Equal(["cancelled", "failed", "failed", "stopped_budget"], finished.Select(m => (string)m.Tag(GpoAttributes.RunStatus)!).Order());
        Assert.Equal(
            finished.Select(m => m.Tag(GpoAttributes.RunStatus)).Order(),
            measured.Of("gpo.run.duration").Select(m => m.Tag(GpoAttributes.RunStatus)).Order());
    }
}
