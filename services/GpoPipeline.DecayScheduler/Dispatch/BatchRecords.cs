using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>A batch's score assembled from its examples' memoized results (each example counted once).</summary>
public static class BatchRecords
{
    public static BatchScoreRecord FromMemo(
        Guid runId, int step, BatchPlan batch, IReadOnlyList<string> keys, IReadOnlyDictionary<string, ExampleResultRecord> memo, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(memo);
        ArgumentNullException.ThrowIfNull(clock);
        var identity = new BatchScoreRecord
        {
            RunId = runId, Step = step, CandidateIndex = batch.CandidateIndex, BatchIndex = batch.BatchIndex, Split = batch.Split,
            RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        return BatchScoreRecord.FromResults(identity, [.. keys.Select(k => memo[k])]);
    }
}
