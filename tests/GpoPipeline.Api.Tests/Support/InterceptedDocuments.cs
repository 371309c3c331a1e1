using System.Linq.Expressions;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// A control-plane database whose <typeparamref name="TDocument"/> writes go through a spec's hooks, every other
/// collection being <paramref name="inner"/>'s: a test instrument for races between requests (another request between
/// two writes, a compare-and-set that loses) that cannot be timed from outside.
/// </summary>
public sealed class InterceptedDocuments<TDocument>(IControlPlaneDatabase inner) : IControlPlaneDatabase, IDisposable
    where TDocument : class, IStoredDocument
{
    /// <summary>Runs before each insert; what it throws is thrown by the insert (a store that refuses the write).</summary>
    public Func<Task>? BeforeInsert { get; init; }

    /// <summary>Runs after each insert that went in, before its writer goes on (another request in between).</summary>
    public Func<Task>? AfterInsert { get; init; }

    /// <summary>
    /// Asked before each replace, with the collection as stored: false makes the replace lose its compare-and-set, as when
    /// another request changed the document since it was read. Null: every replace goes through.
    /// </summary>
    public Func<IDocumentSet<TDocument>, TDocument, CancellationToken, Task<bool>>? ReplaceGoesThrough { get; init; }

    public IDocumentSet<T> Collection<T>(string name, params IReadOnlyList<DocumentIndex<T>> indexes)
        where T : class, IStoredDocument
    {
        var collection = inner.Collection(name, indexes);
        return collection is IDocumentSet<TDocument> documents ? (IDocumentSet<T>)(object)new Hooked(documents, this) : collection;
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    private sealed class Hooked(IDocumentSet<TDocument> stored, InterceptedDocuments<TDocument> hooks) : IDocumentSet<TDocument>
    {
        public async Task<bool> TryInsertAsync(TDocument document, CancellationToken cancellationToken)
        {
            if (hooks.BeforeInsert is { } before)
            {
                await before();
            }

            var inserted = await stored.TryInsertAsync(document, cancellationToken);
            if (inserted && hooks.AfterInsert is { } then)
            {
                await then();
            }

            return inserted;
        }

        public Task<TDocument?> GetAsync(string id, CancellationToken cancellationToken) => stored.GetAsync(id, cancellationToken);

        public Task<IReadOnlyList<TDocument>> FindAsync(Expression<Func<TDocument, bool>> filter, CancellationToken cancellationToken) =>
            stored.FindAsync(filter, cancellationToken);

        public Task<IReadOnlyList<TDocument>> FindHighestAsync(
            Expression<Func<TDocument, bool>> filter, Expression<Func<TDocument, object?>> order, int skip, int limit, CancellationToken cancellationToken) =>
            stored.FindHighestAsync(filter, order, skip, limit, cancellationToken);

        public Task<IReadOnlyList<TDocument>> FindLowestAsync(
            Expression<Func<TDocument, bool>> filter, Expression<Func<TDocument, object?>> order, int limit, CancellationToken cancellationToken) =>
            stored.FindLowestAsync(filter, order, limit, cancellationToken);

        public Task<long> CountAsync(Expression<Func<TDocument, bool>> filter, CancellationToken cancellationToken) => stored.CountAsync(filter, cancellationToken);

        public async Task<bool> TryReplaceAsync(TDocument document, CancellationToken cancellationToken) =>
            (hooks.ReplaceGoesThrough is not { } ask || await ask(stored, document, cancellationToken))
            && await stored.TryReplaceAsync(document, cancellationToken);
    }
}
