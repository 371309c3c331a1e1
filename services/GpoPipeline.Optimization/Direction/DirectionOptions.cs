namespace GpoPipeline.Optimization.Direction;

/// <summary>Update-direction settings; defaults are the final GPO configuration (spec §4).</summary>
public sealed record DirectionOptions
{
    public RetrievalStrategy Strategy { get; init; } = RetrievalStrategy.Relevance;

    /// <summary>Entries shown, the current prompt included (spec §2.3: k = 3 = current + 2).</summary>
    public int K { get; init; } = 3;

    public DirectionOrder Order { get; init; } = DirectionOrder.Code;
}
