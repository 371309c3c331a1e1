namespace GpoPipeline.SimulatedLlm.Wire;

public sealed record ChatCompletionResponse(
    string Id,
    long Created,
    string Model,
    IReadOnlyList<ChatChoice> Choices,
    Usage Usage)
{
    [System.Text.Json.Serialization.JsonPropertyName("object")]
    public string ObjectType => "chat.completion";

    /// <summary>Says in every response that this is the simulator, not a model.</summary>
    public string SystemFingerprint => "gpopipeline-simulated-llm";
}
