using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.Metadata;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// The server-sent-event endpoints: a handler returning <c>ServerSentEventsResult&lt;T&gt;</c> declares its answer as
/// <see cref="SseItem{T}"/>, a wrapper that never goes on the wire (each event's data line carries one T as JSON).
/// </summary>
public static class EventStreams
{
    public const string MediaType = "text/event-stream";

    /// <summary>The T each event's data carries, or null for an endpoint that does not stream events.</summary>
    public static Type? DataType(IEnumerable<object> endpointMetadata) =>
        endpointMetadata.OfType<IProducesResponseTypeMetadata>().Select(answer => answer.Type)
            .FirstOrDefault(type => type is { IsGenericType: true } && type.GetGenericTypeDefinition() == typeof(SseItem<>))?.GetGenericArguments()[0];
}
