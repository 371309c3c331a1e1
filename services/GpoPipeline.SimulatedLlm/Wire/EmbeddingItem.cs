namespace GpoPipeline.SimulatedLlm.Wire;

/// <param name="Embedding">A float array, or a base64 string of little-endian float32 values.</param>
public sealed record EmbeddingItem(int Index, object Embedding)
{
    [System.Text.Json.Serialization.JsonPropertyName("object")]
    public string ObjectType => "embedding";
}
