using GpoPipeline.Optimization.Direction;

namespace GpoPipeline.Contracts;

/// <summary>How DirectionRetrieval picks the update direction (spec §2), parsed once from <see cref="RunSettings"/>.</summary>
public sealed record RetrievalSettings
{
    public required RetrievalStrategy Strategy { get; init; }
    public required int K { get; init; }
    public required DirectionOrder Order { get; init; }
}
