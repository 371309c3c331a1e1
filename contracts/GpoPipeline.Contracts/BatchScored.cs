namespace GpoPipeline.Contracts;

/// <summary>
/// Event: the examples of one (run, step, candidate, batch) that were sent were scored. The scheduler validates
/// it against the run, memoizes every example's answer and records the batch once, however often delivered.
/// </summary>
public sealed record BatchScored
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public required int CandidateIndex { get; init; }
    public required int BatchIndex { get; init; }
    public required string Split { get; init; }

    /// <summary>Sum of the per-example scores in <see cref="Results"/>.</summary>
    public required double Score { get; init; }

    /// <summary>Number of examples scored (= <see cref="Results"/>.Count).</summary>
    public required int Total { get; init; }

    public Guid WorkToken { get; init; }

    public IReadOnlyList<ExampleResult> Results { get; init; } = [];

    public ModelUsage Usage { get; init; } = ModelUsage.None;
}
