namespace GpoPipeline.SimulatedLlm.Wire;

/// <summary>The fields of an OpenAI chat-completion request the simulator honours.</summary>
public sealed class ChatCompletionRequest
{
    public string? Model { get; set; }
    public List<ChatMessageDto>? Messages { get; set; }
    public int? N { get; set; }
    public double? Temperature { get; set; }
    public int? MaxTokens { get; set; }
    public int? MaxCompletionTokens { get; set; }
    public long? Seed { get; set; }
    public bool? Stream { get; set; }

    public int? TokenLimit => MaxCompletionTokens ?? MaxTokens;
}
