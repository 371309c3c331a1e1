namespace GpoPipeline.SimulatedLlm.Wire;

public sealed record EmbeddingResponse(IReadOnlyList<EmbeddingItem> Data, string Model, EmbeddingUsage Usage)
{
    [System.Text.Json.Serialization.JsonPropertyName("object")]
    public string ObjectType => "list";
}
