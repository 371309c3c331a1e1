using System.Linq.Expressions;
using LiteDB;

namespace GpoPipeline.Trajectories.ControlPlane.Embedded;

internal sealed class LiteDbDocumentSet<T>(ILiteCollection<T> collection, Lock gate, Trajectories.Embedded.LiteDbLog durable) : IDocumentSet<T>
    where T : class, IStoredDocument
{
    public Task<bool> TryInsertAsync(T document, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (collection.FindById(document.Id) is not null)
            {
                return Task.FromResult(false);
            }

            var previous = document.Version;
            document.Version = 1;
            try
            {
                collection.Insert(document);
            }
            catch
            {
                document.Version = previous; // nothing was written: the caller's document is as it gave it
                throw;
            }

            durable.Flush(); // past the write: a failed flush leaves the document written, with the version it now carries
            return Task.FromResult(true);
        }
    }

    public Task<T?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult<T?>(collection.FindById(id));

    public Task<IReadOnlyList<T>> FindAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<T>>(collection.Find(filter).ToList());

    public Task<IReadOnlyList<T>> FindHighestAsync(Expression<Func<T, bool>> filter, Expression<Func<T, object?>> order, int skip, int limit, CancellationToken cancellationToken)
    {
        RunStoreArguments.Skip(skip);
        RunStoreArguments.Limit(limit);
        return Task.FromResult<IReadOnlyList<T>>(collection.Query().Where(filter).OrderByDescending(order).Skip(skip).Limit(limit).ToList());
    }

    public Task<IReadOnlyList<T>> FindLowestAsync(Expression<Func<T, bool>> filter, Expression<Func<T, object?>> order, int limit, CancellationToken cancellationToken)
    {
        RunStoreArguments.Limit(limit);
        return Task.FromResult<IReadOnlyList<T>>(collection.Query().Where(filter).OrderBy(order).Limit(limit).ToList());
    }

    public Task<long> CountAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken) =>
        Task.FromResult(collection.LongCount(filter));

    public Task<bool> TryReplaceAsync(T document, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var stored = collection.FindById(document.Id);
            if (stored is null || stored.Version != document.Version)
            {
                return Task.FromResult(false);
            }

            var expected = document.Version;
            document.Version = expected + 1;
            try
            {
                collection.Update(document);
            }
            catch
            {
                // Nothing was written: a caller that retries must still compare against the stored version, not one past it.
                document.Version = expected;
                throw;
            }

            durable.Flush(); // past the write: a failed flush leaves the update in the file, with the version it now carries
            return Task.FromResult(true);
        }
    }
}
