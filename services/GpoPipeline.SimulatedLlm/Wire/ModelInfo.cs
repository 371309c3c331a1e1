namespace GpoPipeline.SimulatedLlm.Wire;

public sealed record ModelInfo(string Id, long Created)
{
    [System.Text.Json.Serialization.JsonPropertyName("object")]
    public string ObjectType => "model";
    public string OwnedBy => "gpopipeline-simulator";
}
