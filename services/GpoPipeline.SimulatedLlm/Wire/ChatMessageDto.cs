using System.Text.Json;

namespace GpoPipeline.SimulatedLlm.Wire;

/// <summary>One request message; content is a string or an array of content parts.</summary>
public sealed class ChatMessageDto
{
    public string? Role { get; set; }
    public JsonElement Content { get; set; }

    /// <summary>The message text: the string, or the text parts joined (images and the like are ignored).</summary>
    public string Text => Content.ValueKind switch
    {
        JsonValueKind.String => Content.GetString() ?? string.Empty,
        JsonValueKind.Array => string.Concat(Content.EnumerateArray()
            .Where(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out _))
            .Select(part => part.GetProperty("text").GetString())),
        _ => string.Empty,
    };
}
