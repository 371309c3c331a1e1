using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The scheduler kept every split it ever parsed for the life of the process; continuous optimization stores a new
/// dataset version (a new hash) at every re-optimization, so its memory grew without end. It now keeps a bounded
/// number of stored bytes, least recently used out first; the split read last stays even when it alone passes the bound.
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

    /// <summary>
    /// A split bigger than the whole bound was let go as soon as it was read, so every reply of its step read and parsed
    /// it from the store again. The split in use stays: read once, however often its step asks for it.
    /// </summary>
    [Fact]
    public async Task When_a_split_bigger_than_the_whole_bound_is_read_again_and_again_Should_read_it_from_the_store_once()
    {
        var run = await StoredVersionAsync(1);
        var (store, reads) = ContentReads.Around(_store);
        var datasets = new RunDatasets(store, cacheBytes: 10);

        var first = await datasets.SplitAsync(run, Split.Dev, CancellationToken.None);
        for (var reply = 0; reply < 4; reply++)
        {
            var again = await datasets.SplitAsync(run, Split.Dev, CancellationToken.None);
            Assert.Equal(first.Select(e => e.Input), again.Select(e => e.Input));
        }

        Assert.Equal(1, reads.Total);
    }

    /// <summary>
    /// Kept over the bound, but never beside others: the smaller splits go first, and the big one goes when another split
    /// is read (at most the bound plus the one split read last).
    /// </summary>
    [Fact]
    public async Task When_a_split_bigger_than_the_whole_bound_is_read_Should_let_the_others_go_and_go_itself_when_another_split_is_read()
    {
        var small = new[] { await StoredVersionAsync(1), await StoredVersionAsync(2) };
        var big = await StoredVersionAsync(3, count: 60);
        var smallSize = (await _store.GetContentAsync(small[0].DatasetSplits[Split.Dev]))!.LongLength;
        var bound = (2 * smallSize) + (smallSize / 2); // room for both small splits, not for the big one
        Assert.True((await _store.GetContentAsync(big.DatasetSplits[Split.Dev]))!.LongLength > bound);
        var (store, reads) = ContentReads.Around(_store);
        var datasets = new RunDatasets(store, bound);

        await datasets.SplitAsync(small[0], Split.Dev, CancellationToken.None);
        await datasets.SplitAsync(small[1], Split.Dev, CancellationToken.None);
        await datasets.SplitAsync(big, Split.Dev, CancellationToken.None);
        await datasets.SplitAsync(big, Split.Dev, CancellationToken.None);
        Assert.Equal(3, reads.Total); // the big one is kept

        await datasets.SplitAsync(small[1], Split.Dev, CancellationToken.None);
        Assert.Equal(2, reads.Of(small[1].DatasetSplits[Split.Dev])); // it went when the big one came
        await datasets.SplitAsync(small[0], Split.Dev, CancellationToken.None);
        Assert.Equal(2, reads.Of(small[0].DatasetSplits[Split.Dev])); // so did this one

        var bigAgain = await datasets.SplitAsync(big, Split.Dev, CancellationToken.None);
        Assert.Equal(2, reads.Of(big.DatasetSplits[Split.Dev])); // the big one went when another split was read
        Assert.Equal(60, bigAgain.Count);
    }

    public void Dispose()
    {
        _store.Dispose();
        File.Delete(_file);
        File.Delete(StoreFileLock.PathFor(_file)); // the store leaves its lock sidecar by design
    }

    private static List<Example> Examples(int version, int count = 5) =>
        [.. Enumerable.Range(0, count).Select(i => Example.Of($"version {version} question {i}", i % 2 == 0 ? "Yes" : "No"))];

    /// <summary>A run whose dev split is dataset version <paramref name="version"/> (a new hash per version), stored.</summary>
    private async Task<RunRecord> StoredVersionAsync(int version, int count = 5)
    {
        var dataset = new TaskDataset(
            new TaskDefinition("user", "demo", TaskKind.Boolean) { BooleanWords = BooleanWords.YesNo },
            new Dictionary<string, IReadOnlyList<Example>> { [Split.Dev] = Examples(version, count) });
        var splits = await new RunDatasets(_store).StoreAsync(dataset, CancellationToken.None);
        return new RunRecord { Id = Guid.NewGuid(), DatasetSplits = new Dictionary<string, string>(splits) };
    }
}
