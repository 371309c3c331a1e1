using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>A CancelRun taken before its run's StartRun (two queues, no order between them) still cancels the run.</summary>
[Collection(BrokerSpecs.Name)]
public sealed class EarlyCancel_Specs
{
    private readonly SettableClock clock = new();

    [Fact]
    public async Task When_the_cancel_is_taken_before_the_start_Should_create_the_run_cancelled_send_no_work_and_stay_resumable()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var start = RunSubmission.Create(PipelineCluster.SmallRun());

        await driver.CancelAsync(new CancelRun { RunId = start.RunId, Reason = "cancelled with Ctrl+C" }, CancellationToken.None);
        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);

        var run = (await harness.Store.GetRunAsync(start.RunId))!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Contains("cancelled with Ctrl+C", run.FailureReason, StringComparison.Ordinal);
        Assert.False(await harness.Harness.Published.Any<ScoreBatch>(m => m.Context.Message.RunId == start.RunId));

        await driver.ResumeAsync(new ResumeRun { RunId = start.RunId }, harness.Harness.Bus, CancellationToken.None);
        Assert.Equal(RunStatus.Running, (await harness.Store.GetRunAsync(start.RunId))!.Status);
        Assert.True(await harness.Harness.Published.Any<ScoreBatch>(m => m.Context.Message.RunId == start.RunId));
    }

    [Fact]
    public async Task When_the_start_was_taken_first_Should_cancel_as_ever_and_keep_nothing()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var start = RunSubmission.Create(PipelineCluster.SmallRun());

        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);
        await driver.CancelAsync(new CancelRun { RunId = start.RunId }, CancellationToken.None);

        Assert.Equal(RunStatus.Cancelled, (await harness.Store.GetRunAsync(start.RunId))!.Status);
        Assert.Null(harness.Services.GetRequiredService<EarlyCancels>().Take(start.RunId));
    }

    [Fact]
    public void When_a_kept_cancel_is_older_than_its_lifetime_Should_not_apply()
    {
        var cancels = new EarlyCancels(clock);
        var (fresh, stale) = (Guid.NewGuid(), Guid.NewGuid());
        cancels.Remember(stale, "old");
        clock.Now += EarlyCancels.Lifetime - TimeSpan.FromMinutes(1);
        cancels.Remember(fresh, "new");
        clock.Now += TimeSpan.FromMinutes(1);

        Assert.Null(cancels.Take(stale));
        Assert.Equal("new", cancels.Take(fresh));
        Assert.Null(cancels.Take(fresh)); // taken once
    }

    [Fact]
    public void When_most_kept_cancels_were_taken_Should_not_evict_a_live_one_for_a_new_one()
    {
        var cancels = new EarlyCancels(clock);
        var waiting = Guid.NewGuid();
        cancels.Remember(waiting, "still waiting for its start");
        var started = Enumerable.Range(0, EarlyCancels.Capacity - 1).Select(_ => Guid.NewGuid()).ToList();
        foreach (var run in started)
        {
            cancels.Remember(run, "x");
            cancels.Take(run); // their starts came
        }

        cancels.Remember(Guid.NewGuid(), "a new one");

        Assert.Equal("still waiting for its start", cancels.Take(waiting));
    }

    [Fact]
    public void When_more_runs_than_its_capacity_are_cancelled_early_Should_keep_the_newest()
    {
        var cancels = new EarlyCancels(clock);
        var runs = Enumerable.Range(0, EarlyCancels.Capacity + 10).Select(_ => Guid.NewGuid()).ToList();
        foreach (var run in runs)
        {
            cancels.Remember(run, "x");
        }

        Assert.All(runs.Take(10), run => Assert.Null(cancels.Take(run)));
        Assert.All(runs.Skip(10), run => Assert.Equal("x", cancels.Take(run)));
    }
}
