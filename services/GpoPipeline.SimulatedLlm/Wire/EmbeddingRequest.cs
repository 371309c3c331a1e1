using System.Text.Json;

namespace GpoPipeline.SimulatedLlm.Wire;

/// <summary>An OpenAI embeddings request; <c>input</c> is a string or an array of strings.</summary>
public sealed class EmbeddingRequest
{
    public string? Model { get; set; }
    public JsonElement Input { get; set; }

    /// <summary>"float" (default) or "base64" (what the official OpenAI .NET SDK asks for).</summary>
    public string? EncodingFormat { get; set; }
    public int? Dimensions { get; set; }
}
