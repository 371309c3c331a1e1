namespace GpoPipeline.Contracts;

/// <summary>
/// Command: score one candidate prompt on one batch [<see cref="From"/>, <see cref="To"/>) of a split. The message
/// carries the examples the scheduler has no memoized answer for (DESIGN §2): the worker reads nothing else.
/// </summary>
public sealed record ScoreBatch
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public required StepKind Kind { get; init; }
    public required int CandidateIndex { get; init; }
    public required int BatchIndex { get; init; }
    public required string Prompt { get; init; }
    public required string Split { get; init; }
    public required int From { get; init; }
    public required int To { get; init; }

    /// <summary>The step's dispatch token; the reply must carry it back (a reply without it was not asked for).</summary>
    public required Guid WorkToken { get; init; }

    public required ScoringSettings Scoring { get; init; }

    /// <summary>The examples of [From, To) still to be answered (a subset when others are memoized).</summary>
    public required IReadOnlyList<ExampleData> Examples { get; init; }
}
