using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A stopped run can be resumed and end again. Each ending recorded the cost of every step of the run, and the run's
/// duration from its creation: a stopped-then-resumed run counted its steps' cost twice, and its stopped time and
/// first stretch twice. Now each step's cost is recorded once and each ending measures only the stretch it closes.
/// </summary>
public sealed class ResumedRunTelemetry_Specs
{
    [Fact]
    public async Task When_a_stopped_run_is_resumed_and_ends_again_Should_record_each_steps_cost_once_and_time_only_the_resumed_stretch()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        using var measured = new SchedulerMeasurements(harness.Services);
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var bus = harness.Harness.Bus;
        var start = RunSubmission.Create(PipelineCluster.SmallRun());
        await driver.StartAsync(start, bus, CancellationToken.None);
        // Two hours old when first stopped (its creation moved back), and stopped for as long as the spec takes.
        await harness.Services.GetRequiredService<RunUpdater>().UpdateAsync(start.RunId, r =>
        {
            r.CreatedAt = r.CreatedAt.AddHours(-2);
            return true;
        }, CancellationToken.None);
        await harness.Store.AddUsageAsync(new UsageRecord { RunId = start.RunId, Step = 0, Role = "task", Calls = 4, Cost = 0.5 });

        await driver.CancelAsync(new CancelRun { RunId = start.RunId }, bus, CancellationToken.None);
        await driver.ResumeAsync(new ResumeRun { RunId = start.RunId }, bus, CancellationToken.None);
        await harness.Store.AddUsageAsync(new UsageRecord { RunId = start.RunId, Step = 0, Role = "task", Calls = 2, Cost = 0.25 });
        await driver.CancelAsync(new CancelRun { RunId = start.RunId, Reason = "again" }, bus, CancellationToken.None);

        Assert.Equal(RunStatus.Cancelled, (await harness.Store.GetRunAsync(start.RunId))!.Status);
        Assert.Equal([0.5], measured.Of("gpo.step.cost").Select(m => m.Value)); // step 0, at the ending that first covered it
        var durations = measured.Of("gpo.run.duration").Select(m => m.Value).ToList();
        Assert.Equal(2, durations.Count);
        Assert.InRange(durations[0], 7_200, 7_200 + 600); // from StartRun
        Assert.InRange(durations[1], 0, 600); // from the resume, not from StartRun
        Assert.Equal(2, measured.Of("gpo.runs.finished").Count); // each ending is one
    }
}
