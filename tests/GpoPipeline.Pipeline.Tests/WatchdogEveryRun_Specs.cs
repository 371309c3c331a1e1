using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A run never gets stuck: the watchdog re-drives every Running run that stalled (and, at start, every Running run),
/// whatever else is in the store, and a run whose re-drive fails does not stop it for the others.
/// </summary>
public sealed class WatchdogEveryRun_Specs
{
    /// <summary>How many newest runs the watchdog used to read, whatever their status.</summary>
    private const int NewestRunsOnceRead = 500;

    [Fact]
    public async Task When_a_stalled_run_is_older_than_500_finished_runs_Should_resend_its_work()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var stalled = await CreateStalledRunAsync(harness);
        await CreateRejectedRunsAsync(harness, NewestRunsOnceRead, after: stalled.CreatedAt);
        var watchdog = harness.Services.GetRequiredService<StalledRunWatchdog>();

        var redriven = await watchdog.CheckOnceAsync(CancellationToken.None);

        Assert.Equal(1, redriven);
        Assert.True(await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == stalled.Id));
    }

    [Fact]
    public async Task When_the_scheduler_starts_with_a_running_run_older_than_500_finished_runs_Should_resend_its_work()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var interrupted = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        await CreateRejectedRunsAsync(harness, NewestRunsOnceRead, after: interrupted.CreatedAt);
        harness.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value.ResumeRunningAtStart = true;
        var watchdog = harness.Services.GetRequiredService<StalledRunWatchdog>();

        var resumed = await watchdog.ResumeInterruptedAsync(CancellationToken.None);

        Assert.Equal(1, resumed);
        Assert.True(await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == interrupted.Id));
    }

    [Fact]
    public async Task When_more_running_runs_than_one_page_are_stored_Should_resend_the_work_of_a_stalled_one_on_a_later_page()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var stalled = await CreateStalledRunAsync(harness);
        await CreateBusyRunsBeforeAsync(harness, StalledRunWatchdog.PageSize + 20, stalled.Id);
        var firstPage = await harness.Store.ListRunsByStatusAsync(RunStatus.Running, StalledRunWatchdog.PageSize);
        Assert.DoesNotContain(stalled.Id, firstPage.Select(run => run.Id)); // the store keeps the busy runs' ids first
        var watchdog = harness.Services.GetRequiredService<StalledRunWatchdog>();

        var redriven = await watchdog.CheckOnceAsync(CancellationToken.None);

        Assert.Equal(1, redriven);
        Assert.True(await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == stalled.Id));
    }

    [Fact]
    public async Task When_the_redrive_of_one_stalled_run_throws_Should_still_resend_the_work_of_the_others()
    {
        var started = await StartWithFailingRedrivesAsync();
        await using var harness = started.Harness;
        var failures = started.Failures;
        var healthy = await CreateStalledRunAsync(harness);
        var broken = await CreateStalledRunAsync(harness, createdAt: healthy.CreatedAt.AddMinutes(1)); // listed first when newest come first
        failures.Break(broken.Id);
        var watchdog = harness.Services.GetRequiredService<StalledRunWatchdog>();

        var redriven = await watchdog.CheckOnceAsync(CancellationToken.None);

        Assert.Equal(1, redriven);
        Assert.True(await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == healthy.Id));
    }

    [Fact]
    public async Task When_the_resumption_of_one_running_run_throws_at_start_Should_still_resume_the_others()
    {
        var started = await StartWithFailingRedrivesAsync();
        await using var harness = started.Harness;
        var failures = started.Failures;
        var healthy = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        var broken = await CreateStalledRunAsync(harness, createdAt: healthy.CreatedAt.AddMinutes(1)); // listed first when newest come first
        failures.Break(broken.Id);
        harness.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value.ResumeRunningAtStart = true;
        var watchdog = harness.Services.GetRequiredService<StalledRunWatchdog>();

        var resumed = await watchdog.ResumeInterruptedAsync(CancellationToken.None);

        Assert.Equal(1, resumed);
        Assert.True(await harness.Harness.Published.Any<StepStarted>(m => m.Context.Message.RunId == healthy.Id));
    }

    /// <summary>A run at step 1 that has not moved for two hours (created at <paramref name="createdAt"/> when given).</summary>
    /// <summary>A harness whose store fails the re-drive of the runs <see cref="FailingRedrives.Break"/> names.</summary>
    private static async Task<(ConsumerHarness Harness, FailingRedrives Failures)> StartWithFailingRedrivesAsync()
    {
        FailingRedrives? failures = null;
        var harness = await ConsumerHarness.StartAsync(
            bus => bus.AddConsumer<CancelRunConsumer>(),
            wrapStore: store =>
            {
                (var failing, failures) = FailingRedrives.Around(store);
                return failing;
            });
        return (harness, failures!);
    }

    private static async Task<RunRecord> CreateStalledRunAsync(ConsumerHarness harness, DateTime? createdAt = null)
    {
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        run.CreatedAt = createdAt ?? run.CreatedAt;
        run.UpdatedAt = DateTime.UtcNow.AddHours(-2);
        Assert.True(await harness.Store.TryUpdateRunAsync(run));
        return run;
    }

    /// <summary>Runs as a StartRun with invalid settings leaves them (Failed at once), each newer than <paramref name="after"/>.</summary>
    private static async Task CreateRejectedRunsAsync(ConsumerHarness harness, int count, DateTime after)
    {
        for (var i = 1; i <= count; i++)
        {
            var at = after.AddSeconds(i);
            var rejected = new RunRecord
            {
                Id = Guid.NewGuid(), Settings = PipelineCluster.SmallRun(), Status = RunStatus.Failed,
                FailureReason = "invalid run settings", CreatedAt = at, UpdatedAt = at,
            };
            Assert.True(await harness.Store.TryCreateRunAsync(rejected));
        }
    }

    /// <summary>Running runs that moved just now, each with an id the store keeps before <paramref name="lastId"/>'s.</summary>
    private static async Task CreateBusyRunsBeforeAsync(ConsumerHarness harness, int count, Guid lastId)
    {
        var now = DateTime.UtcNow;
        var ids = Enumerable.Repeat(0, int.MaxValue).Select(_ => Guid.NewGuid()).Where(id => id.CompareTo(lastId) < 0).Take(count);
        foreach (var id in ids)
        {
            var busy = new RunRecord { Id = id, Settings = PipelineCluster.SmallRun(), Status = RunStatus.Running, CreatedAt = now, UpdatedAt = now };
            Assert.True(await harness.Store.TryCreateRunAsync(busy));
        }
    }
}
