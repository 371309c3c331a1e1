namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>
/// Passes every call to another store except <see cref="IRunStore.RecordScoredBatchAsync"/>, which it leaves to the
/// interface's default (the way a store without its own one-transaction version, e.g. MongoDB, records a reply).
/// </summary>
public sealed class PlainRunStore(IRunStore inner) : IRunStore, IDisposable
{
    public Task<bool> TryCreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) => inner.TryCreateRunAsync(run, cancellationToken);

    public Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default) => inner.GetRunAsync(runId, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit = 50, CancellationToken cancellationToken = default) => inner.ListRunsAsync(limit, cancellationToken);

    public Task<IReadOnlyList<RunRecord>> ListRunsByStatusAsync(RunStatus status, int limit, Guid? afterId = null, CancellationToken cancellationToken = default) =>
        inner.ListRunsByStatusAsync(status, limit, afterId, cancellationToken);

    public Task<IReadOnlyList<Guid>> ListRunIdsInStatusAsync(RunStatus status, CancellationToken cancellationToken = default) =>
        inner.ListRunIdsInStatusAsync(status, cancellationToken);

    public Task<bool> TryUpdateRunAsync(RunRecord run, CancellationToken cancellationToken = default) => inner.TryUpdateRunAsync(run, cancellationToken);

    public Task<bool> TryRecordBatchScoreAsync(BatchScoreRecord score, CancellationToken cancellationToken = default) => inner.TryRecordBatchScoreAsync(score, cancellationToken);

    public Task<IReadOnlyList<BatchScoreRecord>> GetBatchScoresAsync(Guid runId, int step, CancellationToken cancellationToken = default) =>
        inner.GetBatchScoresAsync(runId, step, cancellationToken);

    public Task<IReadOnlyList<BatchKey>> GetBatchKeysAsync(Guid runId, int step, CancellationToken cancellationToken = default) =>
        inner.GetBatchKeysAsync(runId, step, cancellationToken);

    public Task AddUsageAsync(UsageRecord delta, CancellationToken cancellationToken = default) => inner.AddUsageAsync(delta, cancellationToken);

    public Task<bool> AddUsageOnceAsync(UsageRecord delta, Guid chargeId, CancellationToken cancellationToken = default) => inner.AddUsageOnceAsync(delta, chargeId, cancellationToken);

    public Task<IReadOnlyList<UsageRecord>> GetUsageAsync(Guid runId, CancellationToken cancellationToken = default) => inner.GetUsageAsync(runId, cancellationToken);

    public Task<byte[]?> GetCachedResponseAsync(string key, CancellationToken cancellationToken = default) => inner.GetCachedResponseAsync(key, cancellationToken);

    public Task SetCachedResponseAsync(string key, byte[] value, CancellationToken cancellationToken = default) => inner.SetCachedResponseAsync(key, value, cancellationToken);

    public Task RemoveCachedResponseAsync(string key, CancellationToken cancellationToken = default) => inner.RemoveCachedResponseAsync(key, cancellationToken);

    public Task<IReadOnlyDictionary<string, ExampleResultRecord>> GetExampleResultsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default) =>
        inner.GetExampleResultsAsync(keys, cancellationToken);

    public Task<IReadOnlySet<string>> TryRecordExampleResultsAsync(IReadOnlyList<ExampleResultRecord> results, CancellationToken cancellationToken = default) =>
        inner.TryRecordExampleResultsAsync(results, cancellationToken);

    public Task StoreContentAsync(string sha256, byte[] content, CancellationToken cancellationToken = default) => inner.StoreContentAsync(sha256, content, cancellationToken);

    public Task<byte[]?> GetContentAsync(string sha256, CancellationToken cancellationToken = default) => inner.GetContentAsync(sha256, cancellationToken);

    public Task<ChampionRecord?> GetChampionAsync(string task, CancellationToken cancellationToken = default) => inner.GetChampionAsync(task, cancellationToken);

    public Task SetChampionAsync(ChampionRecord champion, CancellationToken cancellationToken = default) => inner.SetChampionAsync(champion, cancellationToken);

    public Task RememberEarlyCancelAsync(Guid runId, string reason, DateTime at, CancellationToken cancellationToken = default) =>
        inner.RememberEarlyCancelAsync(runId, reason, at, cancellationToken);

    public Task<string?> TakeEarlyCancelAsync(Guid runId, DateTime notBefore, CancellationToken cancellationToken = default) =>
        inner.TakeEarlyCancelAsync(runId, notBefore, cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
