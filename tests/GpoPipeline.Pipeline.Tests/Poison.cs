using MassTransit.Serialization;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// One hostile message: which queue it goes to, what kind of poison it is, its id and its bytes; sent in MassTransit's
/// envelope format (as earlier versions send) unless <see cref="Raw"/> (raw JSON, as the services send now, its
/// message type and ids in transport headers).
/// </summary>
public sealed record Poison(string Endpoint, string Kind, Guid Id, byte[] Body)
{
    public bool Raw { get; init; }

    /// <summary>MassTransit's transport headers of a raw message (its type, message and conversation ids).</summary>
    public IDictionary<string, object?>? Headers { get; init; }

    public string ContentType => (Raw ? SystemTextJsonRawMessageSerializer.JsonContentType : SystemTextJsonMessageSerializer.JsonContentType).MediaType;
}
