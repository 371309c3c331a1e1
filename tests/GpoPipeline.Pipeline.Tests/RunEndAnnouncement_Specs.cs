using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Reporting a run's end (span, step costs, log: it reads the run's usage) came after the final status was saved and
/// before RunCompleted was published: when that read failed, the delivery's retry found the run already completed
/// and sent nothing, and whoever waited for the run (`gpo optimize --distributed`, the control plane) waited forever.
/// </summary>
public sealed class RunEndAnnouncement_Specs
{
    [Fact]
    public async Task When_reading_the_usage_fails_once_as_the_run_completes_Should_still_publish_RunCompleted()
    {
        FailingUsageRead? failures = null;
        await using var harness = await ConsumerHarness.StartAsync(WholePipeline.Consumers, wrapStore: store =>
        {
            (var wrapped, failures) = FailingUsageRead.Around(store);
            return wrapped;
        });
        var start = RunSubmission.Create(PipelineCluster.SmallRun() with { Steps = 1 });

        await harness.Harness.Bus.Publish(start);

        Assert.True(await harness.Harness.Published.Any<RunCompleted>(m => m.Context.Message.RunId == start.RunId), "RunCompleted was never published");
        Assert.Equal(1, failures!.Thrown);
        Assert.Equal(RunStatus.Completed, (await harness.Store.GetRunAsync(start.RunId))!.Status);
    }
}
