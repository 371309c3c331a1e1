using System.Text;
using System.Text.Json.Nodes;
using MassTransit;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A message read off a queue: its transport id, its MassTransit ids (message, conversation) and type, and the fault
/// reason. The pipeline sends raw JSON with the ids in transport headers; a message in MassTransit's envelope format
/// (as earlier versions and the poison suite send) carries them in the body. <see cref="Envelope"/> is the envelope
/// either way, so a spec can copy a tapped message into envelope-format poison.
/// </summary>
public sealed record RawMessage(string? TransportId, string? MessageId, string? ConversationId, string? MessageType, JsonObject? Envelope, string? Reason)
{
    /// <summary>The content type the message was sent with (what tells MassTransit how to read it).</summary>
    public string? ContentType { get; init; }

    /// <summary>The body as it was on the wire.</summary>
    public byte[] Body { get; init; } = [];

    public static RawMessage Of(string? transportId, byte[] body, IDictionary<string, object?>? headers, string? contentType = null) =>
        Read(transportId, body, headers) with { ContentType = contentType, Body = body };

    private static RawMessage Read(string? transportId, byte[] body, IDictionary<string, object?>? headers)
    {
        var reason = Header(headers, "MT-Reason");
        if (Header(headers, MessageHeaders.FaultMessage) is { } fault)
        {
            reason = fault;
        }

        try
        {
            var json = JsonNode.Parse(body) as JsonObject;
            if (json is not null && json["message"] is not JsonObject && Header(headers, MessageHeaders.MessageType) is { } rawType)
            {
                json = new JsonObject
                {
                    ["messageId"] = Header(headers, MessageHeaders.MessageId),
                    ["conversationId"] = Header(headers, MessageHeaders.ConversationId),
                    ["messageType"] = new JsonArray([.. rawType.Split(';').Select(t => (JsonNode?)JsonValue.Create(t))]),
                    ["message"] = json,
                };
            }

            var type = json?["messageType"] is JsonArray { Count: > 0 } types ? Text(types[0]) : null;
            return new RawMessage(transportId, Text(json?["messageId"]), Text(json?["conversationId"]), type, json, reason);
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

    private static string? Header(IDictionary<string, object?>? headers, string name) =>
        headers?.TryGetValue(name, out var value) == true ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string text => text,
            _ => null,
        } : null;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
