using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The scheduler kept every split it ever parsed for the life of the process; continuous optimization stores a new
/// dataset version (a new hash) at every re-optimization, so its memory grew without end. It now keeps a bounded
/// number of stored bytes, least recently used out first.
/// </summary>
public sealed class RunDatasetsBound_Specs : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"gpo-datasets-{Guid.NewGuid():N}.db");
    private readonly LiteDbRunStore _store;

    public RunDatasetsBound_Specs() => _store = new LiteDbRunStore(_file);

    [Fact]
    public async Task When_more_distinct_splits_are_read_than_the_bound_holds_Should_keep_the_most_recent_and_read_an_evicted_one_again_correctly()
    {
        var versions = new List<RunRecord>();
        for (var version = 1; version <= 3; version++)
        {
            versions.Add(await StoredVersionAsync(version));
        }

        var size = (await _store.GetContentAsync(versions[0].DatasetSplits[Split.Dev]))!.LongLength;
        var (store, reads) = ContentReads.Around(_store);
        var datasets = new RunDatasets(store, cacheBytes: (2 * size) + (size / 2)); // room for two versions' dev splits

        foreach (var run in versions)
        {
            await datasets.SplitAsync(run, Split.Dev, CancellationToken.None);
        }

        await datasets.SplitAsync(versions[1], Split.Dev, CancellationToken.None);
        await datasets.SplitAsync(versions[2], Split.Dev, CancellationToken.None);
        Assert.Equal(3, reads.Total); // the two most recent are kept

        var again = await datasets.SplitAsync(versions[0], Split.Dev, CancellationToken.None);
        Assert.Equal(2, reads.Of(versions[0].DatasetSplits[Split.Dev])); // it went, and is read again
        Assert.Equal(Examples(1).Select(e => (e.Input, e.References[0])), again.Select(e => (e.Input, e.References[0])));
        Assert.Equal([1, 2, 3, 4, 5], again.Select(e => e.Line));

        await datasets.SplitAsync(versions[2], Split.Dev, CancellationToken.None);
        Assert.Equal(4, reads.Total); // version 3, used last before version 1 came back, stayed; version 2 went
        await datasets.SplitAsync(versions[1], Split.Dev, CancellationToken.None);
        Assert.Equal(5, reads.Total);
    }

    [Fact]
    public async Task When_a_split_is_bigger_than_the_whole_bound_Should_read_it_from_the_store_each_time_and_keep_nothing()
    {
        var run = await StoredVersionAsync(1);
        var (store, reads) = ContentReads.Around(_store);
        var datasets = new RunDatasets(store, cacheBytes: 10);

        var first = await datasets.SplitAsync(run, Split.Dev, CancellationToken.None);
        var second = await datasets.SplitAsync(run, Split.Dev, CancellationToken.None);

        Assert.Equal(2, reads.Total);
        Assert.Equal(first.Select(e => e.Input), second.Select(e => e.Input));
    }

    public void Dispose()
    {
        _store.Dispose();
        File.Delete(_file);
        File.Delete(StoreFileLock.PathFor(_file)); // the store leaves its lock sidecar by design
    }

    private static List<Example> Examples(int version) =>
        [.. Enumerable.Range(0, 5).Select(i => Example.Of($"version {version} question {i}", i % 2 == 0 ? "Yes" : "No"))];

    /// <summary>A run whose dev split is dataset version <paramref name="version"/> (a new hash per version), stored.</summary>
    private async Task<RunRecord> StoredVersionAsync(int version)
    {
        var dataset = new TaskDataset(
            new TaskDefinition("user", "demo", TaskKind.Boolean) { BooleanWords = BooleanWords.YesNo },
            new Dictionary<string, IReadOnlyList<Example>> { [Split.Dev] = Examples(version) });
        var splits = await new RunDatasets(_store).StoreAsync(dataset, CancellationToken.None);
        return new RunRecord { Id = Guid.NewGuid(), DatasetSplits = new Dictionary<string, string>(splits) };
    }
}
