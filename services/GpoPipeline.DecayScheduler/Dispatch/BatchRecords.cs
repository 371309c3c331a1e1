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
        var results = keys.Select(k => memo[k]).ToList();
        return new BatchScoreRecord
        {
            RunId = runId,
            Step = step,
            CandidateIndex = batch.CandidateIndex,
            BatchIndex = batch.BatchIndex,
            Split = batch.Split,
            Score = results.Sum(r => r.Score),
            Total = results.Count,
            ExampleScores = [.. results.Select(r => r.Score)],
            InputTokens = results.Sum(r => r.InputTokens),
            OutputTokens = results.Sum(r => r.OutputTokens),
            RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
    }
}
