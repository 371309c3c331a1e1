using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// The memo hits of a batch answered wholly from the memo (no message sent): the calls its answers took when they
    /// were paid. Charged once per batch (<see cref="ReuseChargeId"/>), before the batch score is recorded, so a
    /// dispatch repeated after a crash between the two counts them once.
    /// </summary>
    public static UsageRecord ReuseCharge(Guid runId, int step, IReadOnlyList<string> keys, IReadOnlyDictionary<string, ExampleResultRecord> memo)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(memo);
        return new UsageRecord { RunId = runId, Step = step, Role = "task", MemoHits = keys.Sum(k => memo[k].Calls) };
    }

    /// <summary>The same id for the same batch of the same step of the same run, whichever scheduler replica asks.</summary>
    public static Guid ReuseChargeId(Guid runId, int step, BatchPlan batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var identity = $"memo-reuse/{runId:N}/{step}/{batch.Split}/{batch.CandidateIndex}/{batch.BatchIndex}";
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 16));
    }
}
