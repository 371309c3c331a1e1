namespace GpoPipeline.Contracts;

/// <summary>Event: one (run, step, candidate, batch) was scored. Recorded once, however often delivered.</summary>
public sealed record BatchScored
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public required int CandidateIndex { get; init; }
    public required int BatchIndex { get; init; }
    public required string Split { get; init; }

    /// <summary>Sum of per-example scores (1/0 for accuracy, ROUGE-L F1 for generation).</summary>
    public required double Score { get; init; }

    public required int Total { get; init; }

    /// <summary>
    /// Each example's score in order From..To-1: the paired test that decides a champion needs per-example
    /// outcomes on the same held-out examples (issue 12). Empty from senders that predate it.
    /// </summary>
    public IReadOnlyList<double> ExampleScores { get; init; } = [];
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
}
