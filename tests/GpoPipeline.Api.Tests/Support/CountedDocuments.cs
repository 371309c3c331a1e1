using System.Collections.Concurrent;
using System.Linq.Expressions;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// A control-plane database that answers as <paramref name="inner"/> and counts the documents each collection hands
/// out (read by id, found, a page of the newest or oldest; a count reads none): what a request costs in reads, whatever the store holds.
/// </summary>
public sealed class CountedDocuments(IControlPlaneDatabase inner) : IControlPlaneDatabase, IDisposable
{
    private readonly ConcurrentDictionary<string, int> reads = new(StringComparer.Ordinal);

    /// <summary>The documents read from the collection <paramref name="name"/> since the last <see cref="Reset"/>.</summary>
    public int ReadFrom(string name) => reads.GetValueOrDefault(name);

    public void Reset() => reads.Clear();

    public IDocumentSet<T> Collection<T>(string name, params IReadOnlyList<DocumentIndex<T>> indexes)
        where T : class, IStoredDocument =>
        new Counted<T>(inner.Collection(name, indexes), count => reads.AddOrUpdate(name, count, (_, before) => before + count));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private sealed class Counted<T>(IDocumentSet<T> stored, Action<int> read) : IDocumentSet<T>
        where T : class, IStoredDocument
    {
        public Task<bool> TryInsertAsync(T document, CancellationToken cancellationToken) => stored.TryInsertAsync(document, cancellationToken);

        public async Task<T?> GetAsync(string id, CancellationToken cancellationToken)
        {
            var document = await stored.GetAsync(id, cancellationToken);
            read(document is null ? 0 : 1);
            return document;
        }

        public async Task<IReadOnlyList<T>> FindAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken) =>
            Counting(await stored.FindAsync(filter, cancellationToken));

        public async Task<IReadOnlyList<T>> FindHighestAsync(Expression<Func<T, bool>> filter, Expression<Func<T, object?>> order, int skip, int limit, CancellationToken cancellationToken) =>
            Counting(await stored.FindHighestAsync(filter, order, skip, limit, cancellationToken));

        public async Task<IReadOnlyList<T>> FindLowestAsync(Expression<Func<T, bool>> filter, Expression<Func<T, object?>> order, int limit, CancellationToken cancellationToken) =>
            Counting(await stored.FindLowestAsync(filter, order, limit, cancellationToken));

        /// <remarks>Reads no document.</remarks>
        public Task<long> CountAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken) => stored.CountAsync(filter, cancellationToken);

        public Task<bool> TryReplaceAsync(T document, CancellationToken cancellationToken) => stored.TryReplaceAsync(document, cancellationToken);

        private IReadOnlyList<T> Counting(IReadOnlyList<T> found)
        {
            read(found.Count);
            return found;
        }
    }
}
