using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A StartRun that cannot start ends Failed with a RunFailed naming why. Only bad settings and bad data did: a null
/// DataPath (ArgumentNullException), an I/O error or an unusable path faulted after retries, the fault found no run to
/// fail, and the submitter waited forever. A StartRun without settings stored a run whose Settings were null, which
/// every reader of the run dereferences.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class StartRunRejection_Specs
{
    [Theory]
    [InlineData(null, "DataPath must name the task's folder or JSONL file")]
    [InlineData("  ", "DataPath must name the task's folder or JSONL file")]
    [InlineData("bad\0path", "cannot be used")]
    public async Task When_a_StartRun_without_a_dataset_has_no_usable_DataPath_Should_fail_the_run_naming_why(string? dataPath, string reason)
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var start = new StartRun { RunId = Guid.NewGuid(), Settings = PipelineCluster.SmallRun() with { DataPath = dataPath! } };

        await harness.Services.GetRequiredService<RunDriver>().StartAsync(start, harness.Harness.Bus, CancellationToken.None);

        await AssertRejectedAsync(harness, start.RunId, reason);
    }

    [Fact]
    public async Task When_the_DataPath_names_a_device_Should_fail_the_run_without_reading_it()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // no such device on this platform
        }

        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var start = new StartRun { RunId = Guid.NewGuid(), Settings = PipelineCluster.SmallRun() with { DataPath = "/dev/zero" } };

        await harness.Services.GetRequiredService<RunDriver>().StartAsync(start, harness.Harness.Bus, CancellationToken.None);

        await AssertRejectedAsync(harness, start.RunId, "not a regular file");
    }

    [Fact]
    public async Task When_the_dataset_file_is_larger_than_the_limit_Should_fail_the_run_before_reading_it()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var file = Path.Combine(Path.GetTempPath(), $"gpo-huge-{Guid.NewGuid():N}.jsonl");
        try
        {
            using (var stream = File.Create(file))
            {
                stream.SetLength(DatasetFileReader.MaxBytes + 1); // sparse: nothing is written
            }

            var start = new StartRun { RunId = Guid.NewGuid(), Settings = PipelineCluster.SmallRun() with { DataPath = file } };
            await harness.Services.GetRequiredService<RunDriver>().StartAsync(start, harness.Harness.Bus, CancellationToken.None);

            await AssertRejectedAsync(harness, start.RunId, "a dataset file may have at most 67,108,864");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task When_a_StartRun_has_no_settings_Should_store_the_failed_run_with_settings_every_reader_can_read()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var start = new StartRun { RunId = Guid.NewGuid(), Settings = null! };

        await harness.Services.GetRequiredService<RunDriver>().StartAsync(start, harness.Harness.Bus, CancellationToken.None);

        var run = await AssertRejectedAsync(harness, start.RunId, "no Settings");
        Assert.NotNull(run.Settings);
        Assert.Null(run.Settings.MaxCost);
    }

    [Fact]
    public async Task When_a_StartRun_kept_failing_before_its_run_was_created_Should_create_it_failed_and_announce_why()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var start = RunSubmission.Create(PipelineCluster.SmallRun());

        await driver.FailStartAsync(start, "StartRun failed after retries: the store is read-only", harness.Harness.Bus, CancellationToken.None);
        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None); // a late copy starts nothing

        await AssertRejectedAsync(harness, start.RunId, "the store is read-only");
        Assert.False(await harness.Harness.Published.Any<ScoreBatch>(m => m.Context.Message.RunId == start.RunId));
    }

    [Fact]
    public async Task When_a_StartRun_kept_failing_after_its_run_was_created_Should_fail_that_run()
    {
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>());
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var run = await harness.CreateRunAtBaselineAsync(PipelineCluster.SmallRun()); // where a StartRun's failure leaves it

        await driver.FailStartAsync(new StartRun { RunId = run.Id, Settings = run.Settings }, "StartRun failed after retries: boom", harness.Harness.Bus, CancellationToken.None);

        var failed = await AssertRejectedAsync(harness, run.Id, "boom");
        Assert.Equal(run.TotalSteps, failed.TotalSteps); // the run that was created, not a new one
    }

    private static async Task<RunRecord> AssertRejectedAsync(ConsumerHarness harness, Guid runId, string reason)
    {
        var run = await harness.Store.GetRunAsync(runId);
        Assert.NotNull(run);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains(reason, run.FailureReason, StringComparison.Ordinal);
        Assert.True(await harness.Harness.Published.Any<RunFailed>(m => m.Context.Message.RunId == runId && m.Context.Message.Reason.Contains(reason, StringComparison.Ordinal)));
        return run;
    }
}
