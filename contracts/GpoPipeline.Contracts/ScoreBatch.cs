namespace GpoPipeline.Contracts;

/// <summary>
/// Command: score one candidate prompt on examples [<see cref="From"/>, <see cref="To"/>) of a split.
/// Examples are referenced, never copied (DESIGN §2).
/// </summary>
public sealed record ScoreBatch
{
    public required Guid RunId { get; init; }

    /// <summary>0 scores the initial prompt; the last step + 1 is the final test evaluation.</summary>
    public required int Step { get; init; }

    public required int CandidateIndex { get; init; }
    public required int BatchIndex { get; init; }
    public required string Prompt { get; init; }
    public required string DataPath { get; init; }

    /// <summary>Task name inside <see cref="DataPath"/> (resolved by the scheduler when the run was created).</summary>
    public required string Task { get; init; }
    public required string Split { get; init; }
    public required int From { get; init; }
    public required int To { get; init; }
}
