using System.Linq.Expressions;
using System.Text.Json;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// A control-plane database whose API keys compare ids exactly, as MongoDB does (the embedded store ignores case); every
/// other collection is <paramref name="inner"/>'s. Records are copied in and out, as a database does.
/// </summary>
public sealed class KeysComparedExactly(IControlPlaneDatabase inner) : IControlPlaneDatabase
{
    private readonly Keys keys = new();

    public IDocumentSet<T> Collection<T>(string name, params IReadOnlyList<DocumentIndex<T>> indexes)
        where T : class, IStoredDocument =>
        typeof(T) == typeof(ApiKeyRecord) ? (IDocumentSet<T>)(object)keys : inner.Collection(name, indexes);

    private sealed class Keys : IDocumentSet<ApiKeyRecord>
    {
        private readonly Dictionary<string, string> stored = new(StringComparer.Ordinal);
        private readonly Lock gate = new();

        public Task<bool> TryInsertAsync(ApiKeyRecord document, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                document.Version = 1;
                return Task.FromResult(stored.TryAdd(document.Id, JsonSerializer.Serialize(document)));
            }
        }

        public Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                return Task.FromResult(stored.TryGetValue(id, out var json) ? JsonSerializer.Deserialize<ApiKeyRecord>(json) : null);
            }
        }

        public Task<IReadOnlyList<ApiKeyRecord>> FindAsync(Expression<Func<ApiKeyRecord, bool>> filter, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                return Task.FromResult<IReadOnlyList<ApiKeyRecord>>(
                    stored.Values.Select(json => JsonSerializer.Deserialize<ApiKeyRecord>(json)!).Where(filter.Compile()).ToList());
            }
        }

        public async Task<IReadOnlyList<ApiKeyRecord>> FindHighestAsync(
            Expression<Func<ApiKeyRecord, bool>> filter, Expression<Func<ApiKeyRecord, object?>> order, int skip, int limit, CancellationToken cancellationToken) =>
            [.. (await FindAsync(filter, cancellationToken)).OrderByDescending(order.Compile()).Skip(skip).Take(limit)];

        public async Task<IReadOnlyList<ApiKeyRecord>> FindLowestAsync(
            Expression<Func<ApiKeyRecord, bool>> filter, Expression<Func<ApiKeyRecord, object?>> order, int limit, CancellationToken cancellationToken) =>
            [.. (await FindAsync(filter, cancellationToken)).OrderBy(order.Compile()).Take(limit)];

        public async Task<long> CountAsync(Expression<Func<ApiKeyRecord, bool>> filter, CancellationToken cancellationToken) =>
            (await FindAsync(filter, cancellationToken)).Count;

        public Task<bool> TryReplaceAsync(ApiKeyRecord document, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                if (!stored.TryGetValue(document.Id, out var json) || JsonSerializer.Deserialize<ApiKeyRecord>(json)!.Version != document.Version)
                {
                    return Task.FromResult(false);
                }

                document.Version++;
                stored[document.Id] = JsonSerializer.Serialize(document);
                return Task.FromResult(true);
            }
        }
    }
}
