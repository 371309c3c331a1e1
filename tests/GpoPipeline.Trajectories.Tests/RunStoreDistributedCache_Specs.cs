using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;
using Microsoft.Extensions.Caching.Distributed;

namespace GpoPipeline.Trajectories.Tests;

public sealed class RunStoreDistributedCache_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();
    private readonly LiteDbRunStore store;
    private readonly RunStoreDistributedCache cache;

    public RunStoreDistributedCache_Specs()
    {
        store = new LiteDbRunStore(file.Path);
        cache = new RunStoreDistributedCache(store);
    }

    [Fact]
    public async Task When_a_value_is_set_Should_be_read_back_by_key_through_both_apis_and_removed()
    {
        var options = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) };

        await cache.SetAsync("answer", [4, 2], options);
        cache.Set("other", [1], options);

        Assert.Equal([4, 2], await cache.GetAsync("answer"));
        Assert.Equal([4, 2], cache.Get("answer"));
        Assert.Equal([1], await store.GetCachedResponseAsync("other"));
        await cache.RefreshAsync("answer");

        await cache.RemoveAsync("answer");
        cache.Remove("other");
        Assert.Null(await cache.GetAsync("answer"));
        Assert.Null(cache.Get("other"));
    }

    [Fact]
    public async Task When_another_cache_shares_the_store_Should_see_the_same_entries()
    {
        var otherWorker = new RunStoreDistributedCache(store);

        await cache.SetStringAsync("prompt-hash", "cached completion");

        Assert.Equal("cached completion", await otherWorker.GetStringAsync("prompt-hash"));
    }

    public void Dispose()
    {
        store.Dispose();
        file.Dispose();
    }
}
