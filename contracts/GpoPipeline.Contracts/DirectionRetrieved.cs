namespace GpoPipeline.Contracts;

/// <summary>Event: the update direction of a step, in the order it is shown in the meta-prompt.</summary>
public sealed record DirectionRetrieved
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public int? EditBudget { get; init; }
    public required IReadOnlyList<DirectionEntry> Direction { get; init; }
}
