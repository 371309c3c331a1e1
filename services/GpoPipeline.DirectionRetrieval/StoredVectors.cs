namespace GpoPipeline.DirectionRetrieval;

/// <summary>The stored vectors retrieval can use, by prompt; the prompts it must embed; the dimension it expects.</summary>
/// <param name="Dimensions">The length of the model's newest stored vector (the guess of its output); null when none is stored.</param>
public sealed record StoredVectors(Dictionary<string, float[]> Known, List<string> Missing, int? Dimensions);
