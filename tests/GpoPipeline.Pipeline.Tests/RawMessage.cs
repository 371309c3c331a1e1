using System.Text;
using System.Text.Json.Nodes;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>A message read off a queue: its transport id, the ids (message, conversation) in its MassTransit envelope (when it has one) and the fault reason.</summary>
public sealed record RawMessage(string? TransportId, string? MessageId, string? ConversationId, string? MessageType, JsonObject? Envelope, string? Reason)
{
    public static RawMessage Of(string? transportId, byte[] body, IDictionary<string, object?>? headers)
    {
        var reason = headers?.TryGetValue("MT-Reason", out var r) == true && r is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
        if (headers?.TryGetValue("MT-Fault-Message", out var m) == true && m is byte[] text)
        {
            reason = Encoding.UTF8.GetString(text);
        }

        try
        {
            var envelope = JsonNode.Parse(body) as JsonObject;
            var type = envelope?["messageType"] is JsonArray { Count: > 0 } types ? Text(types[0]) : null;
            return new RawMessage(transportId, Text(envelope?["messageId"]), Text(envelope?["conversationId"]), type, envelope, reason);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return new RawMessage(transportId, null, null, null, null, reason);
        }
    }

    /// <summary>Any id this message is known by (transport or envelope).</summary>
    public IEnumerable<Guid> Ids => new[] { TransportId, MessageId }.Select(id => Guid.TryParse(id, out var guid) ? guid : Guid.Empty).Where(g => g != Guid.Empty);

    /// <summary>MassTransit copies the conversation id of the message being consumed into what the consumer publishes.</summary>
    public Guid? Conversation => Guid.TryParse(ConversationId, out var guid) ? guid : null;

    public JsonObject? Message => Envelope?["message"] as JsonObject;

    public bool Is<T>() => MessageType?.EndsWith(":" + typeof(T).Name, StringComparison.Ordinal) == true;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
