using System.Diagnostics;
using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;
using Xunit.Abstractions;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// A stopwatch measurement of the embedded store's two hot writes, printed to the test output (no timing is
/// asserted: machines differ). It still checks that every timed write landed, so it fails when they do not.
/// </summary>
public sealed class LiteDbThroughput_Specs(ITestOutputHelper output) : IDisposable
{
    private const int Operations = 2000;
    private readonly TemporaryDatabaseFile file = new();

    [Fact]
    public async Task When_scores_and_run_updates_are_timed_Should_land_every_write_and_report_the_rate()
    {
        using var store = new LiteDbRunStore(file.Path);
        var run = SampleRuns.New(trajectoryLength: 20);
        await store.TryCreateRunAsync(run);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Operations; i++)
        {
            await store.TryRecordBatchScoreAsync(SampleRuns.Score(run.Id, 1 + (i / 64), i % 8, i / 8 % 8));
        }

        var scoreRate = Operations / clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (var i = 0; i < Operations; i++)
        {
            run.DevCount = i;
            Assert.True(await store.TryUpdateRunAsync(run));
        }

        var updateRate = Operations / clock.Elapsed.TotalSeconds;
        output.WriteLine($"LiteDB TryRecordBatchScoreAsync: {scoreRate:F0} ops/s; TryUpdateRunAsync (20-entry trajectory): {updateRate:F0} ops/s ({Operations} each, one thread)");

        var stored = (await store.GetRunAsync(run.Id))!;
        Assert.Equal((Operations - 1, Operations + 1L), (stored.DevCount, stored.Version));
        Assert.Equal(64, (await store.GetBatchScoresAsync(run.Id, 1)).Count);
    }

    public void Dispose() => file.Dispose();
}
