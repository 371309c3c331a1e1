using System.Linq.Expressions;

namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>One page of submissions, newest first (<see cref="NewestFirst"/>), and how many there are in all.</summary>
public sealed record SubmissionPage(IReadOnlyList<SubmissionRecord> Items, long Total)
{
    /// <summary>The order every listing of submissions answers: newest first, submissions of one instant by id.</summary>
    public static List<SubmissionRecord> NewestFirst(IEnumerable<SubmissionRecord> submissions) =>
        submissions.OrderByDescending(s => s.SubmittedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The submissions at <paramref name="offset"/>..+<paramref name="limit"/> of <see cref="NewestFirst"/>, of the task
    /// (of all tasks when null), read through the submission time's index without the rest. The store orders by time
    /// alone, so submissions of the instant at either edge of the page may belong on the other side of it: those instants
    /// are read whole and the page cut from them by id, where the whole list would have put it.
    /// </summary>
    internal static async Task<SubmissionPage> ReadAsync(
        IDocumentSet<SubmissionRecord> submissions, string? task, long offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        RunStoreArguments.Limit(limit);
        var total = await submissions.CountAsync(OfTask(task), cancellationToken);
        if (offset >= total)
        {
            return new([], total);
        }

        // offset < total: a count of stored documents, well inside int.
        var found = await submissions.FindHighestAsync(OfTask(task), s => s.SubmittedAt, checked((int)offset), limit, cancellationToken);
        if (found.Count == 0)
        {
            return new([], total); // deleted between the count and the read
        }

        var newest = found.Max(s => s.SubmittedAt);
        var oldest = found.Min(s => s.SubmittedAt);
        var before = await submissions.CountAsync(NewerThan(task, newest), cancellationToken);
        var atEdges = await submissions.FindAsync(At(task, newest, oldest), cancellationToken);
        // Every submission strictly between the edges is on this page already.
        var window = NewestFirst(atEdges.Concat(found.Where(s => s.SubmittedAt < newest && s.SubmittedAt > oldest)));
        return new(window.Skip(checked((int)(offset - before))).Take(limit).ToList(), total);
    }

    private static Expression<Func<SubmissionRecord, bool>> OfTask(string? task) =>
        task is null ? _ => true : s => s.Task == task;

    private static Expression<Func<SubmissionRecord, bool>> NewerThan(string? task, DateTime time) =>
        task is null ? s => s.SubmittedAt > time : s => s.Task == task && s.SubmittedAt > time;

    private static Expression<Func<SubmissionRecord, bool>> At(string? task, DateTime newest, DateTime oldest) =>
        task is null
            ? s => s.SubmittedAt == newest || s.SubmittedAt == oldest
            : s => s.Task == task && (s.SubmittedAt == newest || s.SubmittedAt == oldest);
}
