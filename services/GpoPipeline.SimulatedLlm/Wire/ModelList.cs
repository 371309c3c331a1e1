namespace GpoPipeline.SimulatedLlm.Wire;

public sealed record ModelList(IReadOnlyList<ModelInfo> Data)
{
    [System.Text.Json.Serialization.JsonPropertyName("object")]
    public string ObjectType => "list";
}
