using System.Security.Cryptography;
using System.Text;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>A batch answered wholly by the memo, recorded as a reply that carries no new answer.</summary>
public static class BatchRecords
{
    /// <summary>
    /// The batch's record: its score assembled by the store from the memoized answers (each example counted once), and
    /// its memo hits, the calls those answers took when they were paid. One store write (one transaction in the embedded
    /// store) under a charge id fixed by the batch (<see cref="ReuseChargeId"/>), so a dispatch repeated after a crash
    /// records and counts the batch once.
    /// </summary>
    public static ScoredBatch FromMemo(
        Guid runId, int step, BatchPlan batch, IReadOnlyList<string> keys, IReadOnlyDictionary<string, ExampleResultRecord> memo, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(memo);
        ArgumentNullException.ThrowIfNull(clock);
        return new ScoredBatch
        {
            Results = [],
            Keys = keys,
            Role = "task",
            ReplyId = ReuseChargeId(runId, step, batch),
            MemoHits = SaturatingCount.Sum(keys, k => memo[k].Calls), // a huge stored entry saturates, it does not throw
            Batch = new BatchScoreRecord
            {
                RunId = runId, Step = step, CandidateIndex = batch.CandidateIndex, BatchIndex = batch.BatchIndex, Split = batch.Split,
                RecordedAt = clock.GetUtcNow().UtcDateTime,
            },
        };
    }

    /// <summary>The same id for the same batch of the same step of the same run, whichever scheduler replica asks.</summary>
    public static Guid ReuseChargeId(Guid runId, int step, BatchPlan batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var identity = $"memo-reuse/{runId:N}/{step}/{batch.Split}/{batch.CandidateIndex}/{batch.BatchIndex}";
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 16));
    }
}
