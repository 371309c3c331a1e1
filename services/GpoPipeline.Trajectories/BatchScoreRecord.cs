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
}
