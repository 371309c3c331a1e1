namespace GpoPipeline.Optimization.Direction;

/// <summary>Order of the retrieved entries in the meta-prompt (spec §2.3, [P≠C]).</summary>
public enum DirectionOrder
{
    /// <summary>[C] default: the code's order (relevance: current first, then descending similarity).</summary>
    Code,

    /// <summary>[P]: ascending similarity, so the most similar (the current prompt) is shown last.</summary>
    PaperAscending,
}
