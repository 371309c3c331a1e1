using System.Runtime.CompilerServices;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// Every run in one status, read a page at a time (<see cref="IRunStore.ListRunsByStatusAsync"/>): however many runs
/// the store holds in other statuses, or newer ones, none in this status is left out.
/// </summary>
internal static class RunsInStatus
{
    public static async IAsyncEnumerable<RunRecord> ReadAllAsync(
        IRunStore store, RunStatus status, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guid? afterId = null;
        while (true)
        {
            var page = await store.ListRunsByStatusAsync(status, pageSize, afterId, cancellationToken);
            foreach (var run in page)
            {
                yield return run;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            afterId = page[^1].Id;
        }
    }
}
