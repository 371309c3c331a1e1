using System.Linq.Expressions;

namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>
/// The few operations the control plane needs from a database, so its rules (<see cref="ControlPlaneStore"/>) are
/// written once and both adapters only translate: insert-if-absent (a unique key is the arbiter between replicas),
/// read, filter, compare-and-set replace.
/// </summary>
public interface IDocumentSet<T>
    where T : class, IStoredDocument
{
    /// <summary>False (nothing written) when a document with that Id exists.</summary>
    Task<bool> TryInsertAsync(T document, CancellationToken cancellationToken);

    Task<T?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<T>> FindAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> (≥ 1) of the documents <paramref name="filter"/> matches, highest
    /// <paramref name="order"/> first, past the first <paramref name="skip"/> (≥ 0) of them: a page of the newest, read
    /// through an index (<see cref="DocumentIndex{T}"/>) without the rest. Documents of equal <paramref name="order"/>
    /// come in no particular order.
    /// </summary>
    Task<IReadOnlyList<T>> FindHighestAsync(Expression<Func<T, bool>> filter, Expression<Func<T, object?>> order, int skip, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> (≥ 1) of the documents <paramref name="filter"/> matches, lowest
    /// <paramref name="order"/> first: the oldest, read through an index without the rest.
    /// </summary>
    Task<IReadOnlyList<T>> FindLowestAsync(Expression<Func<T, bool>> filter, Expression<Func<T, object?>> order, int limit, CancellationToken cancellationToken);

    /// <summary>How many documents <paramref name="filter"/> matches, counted without reading them (from an index where one fits).</summary>
    Task<long> CountAsync(Expression<Func<T, bool>> filter, CancellationToken cancellationToken);

    /// <summary>Replaces the document when its stored Version equals <paramref name="document"/>.Version, then increments it.</summary>
    Task<bool> TryReplaceAsync(T document, CancellationToken cancellationToken);
}
