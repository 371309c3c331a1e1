namespace GpoPipeline.Trajectories;

/// <summary>One scored batch; unique per (RunId, Step, CandidateIndex, BatchIndex, Split).</summary>
public sealed class BatchScoreRecord
{
    public Guid RunId { get; set; }
    public int Step { get; set; }
    public int CandidateIndex { get; set; }
    public int BatchIndex { get; set; }
    public string Split { get; set; } = "dev";

    /// <summary>Sum of per-example scores over the batch.</summary>
    public double Score { get; set; }
    public int Total { get; set; }

    /// <summary>Per-example scores in example order (the champion/challenger paired test needs them).</summary>
    public List<double> ExampleScores { get; set; } = [];
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public DateTime RecordedAt { get; set; }

    /// <summary>The batch of <paramref name="identity"/> scored from its examples' memoized results, in example order.</summary>
    public static BatchScoreRecord FromResults(BatchScoreRecord identity, IReadOnlyList<ExampleResultRecord> results)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(results);
        return new BatchScoreRecord
        {
            RunId = identity.RunId,
            Step = identity.Step,
            CandidateIndex = identity.CandidateIndex,
            BatchIndex = identity.BatchIndex,
            Split = identity.Split,
            Score = results.Sum(r => r.Score),
            Total = results.Count,
            ExampleScores = [.. results.Select(r => r.Score)],
            InputTokens = SaturatingCount.Sum(results, r => r.InputTokens),
            OutputTokens = SaturatingCount.Sum(results, r => r.OutputTokens),
            RecordedAt = identity.RecordedAt,
        };
    }
}
