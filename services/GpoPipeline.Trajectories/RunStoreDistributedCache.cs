using Microsoft.Extensions.Caching.Distributed;

namespace GpoPipeline.Trajectories;

/// <summary>
/// <see cref="IDistributedCache"/> over the run store's response cache, so Microsoft.Extensions.AI's caching
/// middleware shares one cache across all workers (a redelivered message costs no second model call, DESIGN §2).
/// Expirations are ignored: entries are responses to fully specified requests (the key hashes model, options and
/// messages), so they never go stale; entries are removed explicitly or by dropping the <c>cache</c> collection.
/// </summary>
public sealed class RunStoreDistributedCache(IRunStore store) : IDistributedCache
{
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => store.GetCachedResponseAsync(key, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        store.SetCachedResponseAsync(key, value, token);

    /// <summary>No sliding expiration exists, so there is nothing to refresh.</summary>
    public void Refresh(string key)
    {
    }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) => store.RemoveCachedResponseAsync(key, token);
}
