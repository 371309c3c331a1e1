using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>The contract on the embedded store (a fresh file per test), plus what only a file can promise.</summary>
public sealed class LiteDbRunStore_Specs : RunStoreContract_Specs
{
    private readonly TemporaryDatabaseFile file = new();

    protected override IRunStore CreateStore() => new LiteDbRunStore(file.Path);

    protected override Task CleanupAsync()
    {
        file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_the_store_is_reopened_after_dispose_Should_keep_everything()
    {
        var run = SampleRuns.New();
        using (var first = new LiteDbRunStore(file.Path))
        {
            await first.TryCreateRunAsync(run);
            run.CurrentStep = 5;
            await first.TryUpdateRunAsync(run);
            await first.TryRecordBatchScoreAsync(SampleRuns.Score(run.Id, 1, 0, 0));
            await first.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 1, Role = "task", Calls = 3 });
            await first.SetCachedResponseAsync("key", [7]);
            await first.SetChampionAsync(new ChampionRecord { Task = "navigate", Prompt = "p" });
        }

        using var reopened = new LiteDbRunStore(file.Path);

        var stored = (await reopened.GetRunAsync(run.Id))!;
        Assert.Equal((5, 2L), (stored.CurrentStep, stored.Version));
        Assert.Single(await reopened.GetBatchScoresAsync(run.Id, 1));
        Assert.Equal(3, (await reopened.GetUsageAsync(run.Id)).Single().Calls);
        Assert.Equal([7], await reopened.GetCachedResponseAsync("key"));
        Assert.Equal("p", (await reopened.GetChampionAsync("navigate"))!.Prompt);
        Assert.False(await reopened.TryRecordBatchScoreAsync(SampleRuns.Score(run.Id, 1, 0, 0)));
    }
}
